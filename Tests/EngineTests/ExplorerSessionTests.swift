import Foundation
import GenDegEngine
import GenDegTestSupport
import XCTest

final class ExplorerSessionTests: XCTestCase {
    func testLoadingGeneratesThePhysicalPaneAndRestorers() throws {
        let session = try makeSession(paths: [try TestImages.writeGradient()])
        XCTAssertTrue(session.waitUntilIdle())
        XCTAssertEqual(session.clean, TestImages.gradient().quantized8())
        XCTAssertEqual(session.pane(.clean).phase, .ready)
        XCTAssertEqual(session.pane(.physical).phase, .ready)
        let stats = try XCTUnwrap(session.pane(.physical).stats)
        XCTAssertEqual(stats.mu, session.targetMu, accuracy: 0.03)
        XCTAssertEqual(session.shownRestorers, ["stretch-a", "stretch-b"])
        for name in session.shownRestorers {
            XCTAssertEqual(session.pane(.restored(name)).phase, .ready)
            XCTAssertEqual(session.pane(.restored(name)).restoredFrom, .physical)
            XCTAssertNotNil(session.pane(.restored(name)).metrics)
        }
        XCTAssertEqual(session.pane(.diffusion).phase, .unavailable(ExplorerSession.noDiffusionMessage))
        XCTAssertEqual(Set(session.state.outputs.keys), [.clean, .physical, .diffusion, .restored("stretch-a"), .restored("stretch-b")])
    }

    func testZeroIntensityGivesBackTheCleanImageExactly() throws {
        let session = try makeSession(paths: [try TestImages.writeGradient()])
        XCTAssertTrue(session.waitUntilIdle())
        session.setTargetMu(0)
        XCTAssertTrue(session.waitUntilIdle())
        XCTAssertEqual(session.pane(.physical).image, session.clean)
        XCTAssertEqual(session.pane(.physical).stats?.mu, 0)
        XCTAssertEqual(session.pane(.physical).metrics?.psnr, .infinity)
    }

    func testSliderIsClampedToTheTypesRange() throws {
        let session = try makeSession(paths: [try TestImages.writeGradient()])
        session.setTargetMu(-1)
        XCTAssertEqual(session.targetMu, 0)
        session.setTargetMu(5)
        XCTAssertEqual(session.targetMu, session.muLimit)
        XCTAssertEqual(session.sliderPosition, 1)
        XCTAssertGreaterThan(session.muLimit, 0.1)
        XCTAssertLessThanOrEqual(session.muLimit, 0.7)
    }

    func testANewSliderValueSupersedesWorkInFlight() throws {
        let stepper = SteppingGenerator(steps: 50, stepDelay: 20_000)
        let session = try makeSession(paths: [try TestImages.writeGradient()], physical: stepper, restorers: [])
        try session.pump(until: "the clean image") { session.clean != nil }
        session.setTargetMu(0.2)
        session.setTargetMu(0.21)
        session.setTargetMu(0.22)
        XCTAssertTrue(session.waitUntilIdle(timeout: 30))
        XCTAssertEqual(session.pane(.physical).phase, .ready)
        // The first generations stop at their next step; superseded queued ones never start.
        XCTAssertLessThanOrEqual(stepper.started, 3)
        XCTAssertEqual(session.targetMu, 0.22)
    }

    func testDiffusionRunsOnRequestWithPreviewsAndCanBeCancelled() throws {
        let diffusion = SteppingGenerator(steps: 400, stepDelay: 5_000)
        let session = try makeSession(paths: [try TestImages.writeGradient()], diffusion: diffusion, restorers: [])
        XCTAssertTrue(session.waitUntilIdle())
        XCTAssertEqual(session.pane(.diffusion).phase, .empty)
        session.runDiffusion()
        var sawPreview = false
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline {
            session.pump()
            if case .running(let step, let total) = session.pane(.diffusion).phase, step > 2, session.pane(.diffusion).image != nil {
                XCTAssertEqual(total, 400)
                XCTAssertEqual(session.jobs[.diffusion]?.step, step)
                sawPreview = true
                break
            }
            usleep(2000)
        }
        XCTAssertTrue(sawPreview, "a preview arrives with the step count")
        session.cancelAll()
        XCTAssertEqual(session.pane(.diffusion).phase, .cancelled)
        XCTAssertNil(session.jobs[.diffusion])
        XCTAssertTrue(session.waitUntilIdle())
        XCTAssertEqual(session.pane(.diffusion).phase, .cancelled, "late results of a cancelled job are dropped")
    }

    func testRestorersCanBeChosenAndFedTheDiffusionImage() throws {
        let diffusion = SteppingGenerator(steps: 3, stepDelay: 0)
        let session = try makeSession(paths: [try TestImages.writeGradient()], diffusion: diffusion)
        XCTAssertTrue(session.waitUntilIdle())
        try session.setRestorers(["stretch-b"])
        XCTAssertEqual(session.shownRestorers, ["stretch-b"])
        XCTAssertNil(session.state.outputs[.restored("stretch-a")], "a hidden restorer's output is dropped")
        XCTAssertThrowsError(try session.setRestorers(["nonsense"])) { error in
            XCTAssertTrue("\(error)".contains("stretch-a"), "the error lists what exists")
        }
        session.setRestoreSource(.diffusion)
        XCTAssertTrue(session.waitUntilIdle())
        XCTAssertEqual(session.pane(.restored("stretch-b")).phase, .empty, "no diffusion image yet")
        session.runDiffusion()
        XCTAssertTrue(session.waitUntilIdle())
        XCTAssertEqual(session.pane(.diffusion).phase, .ready)
        XCTAssertEqual(session.pane(.restored("stretch-b")).phase, .ready)
        XCTAssertEqual(session.pane(.restored("stretch-b")).restoredFrom, .diffusion)
        session.setTargetMu(0.3)
        XCTAssertTrue(session.waitUntilIdle())
        XCTAssertEqual(session.pane(.diffusion).phase, .stale, "diffusion is redone only on request")
    }

    func testMarkedSamplesExportTogether() throws {
        let folder = try TestImages.temporaryFolder()
        let session = try makeSession(paths: [try TestImages.writeGradient()], exportFolder: folder)
        XCTAssertTrue(session.waitUntilIdle())
        XCTAssertTrue(session.toggleMark())
        XCTAssertTrue(session.isCurrentMarked)
        session.setType(.rain)
        XCTAssertFalse(session.isCurrentMarked)
        XCTAssertTrue(session.waitUntilIdle())
        XCTAssertTrue(session.toggleMark())
        XCTAssertEqual(session.marks.count, 2)
        session.export()
        XCTAssertTrue(session.waitUntilIdle())
        XCTAssertEqual(session.marks.count, 0)
        let exported = try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
        XCTAssertEqual(exported.count, 2)
        XCTAssertTrue(exported[0].contains("_haze_"))
        XCTAssertTrue(exported[1].contains("_rain_"))
        XCTAssertTrue(session.notice?.text.contains("exported 2 samples") ?? false)
    }

    func testABrokenImageReportsInsteadOfCrashing() throws {
        let folder = try TestImages.temporaryFolder()
        let path = (folder as NSString).appendingPathComponent("broken.png")
        try Data("not a png".utf8).write(to: URL(fileURLWithPath: path))
        let session = try makeSession(paths: [path])
        XCTAssertTrue(session.waitUntilIdle())
        XCTAssertNil(session.clean)
        guard case .failed(let why) = session.pane(.clean).phase else { return XCTFail("clean pane should show the failure") }
        XCTAssertTrue(why.contains("broken.png"))
        XCTAssertNil(session.currentExportable())
    }
}

/// The diffusion settings start from what the loaded generator recommends.
final class ExplorerSessionSettingsTests: XCTestCase {
    struct GentleGenerator: DegradationGenerator {
        var name = "gentle"
        var modelFile: String? = nil
        var recommendedSettings: GeneratorSettings { GeneratorSettings(textGuidance: 3.0, imageGuidance: 1.25) }
        func generate(_ request: GenerationRequest, onStep: (GenerationStep) -> Bool) throws -> GeneratedImage {
            GeneratedImage(image: request.clean)
        }
    }

    func testSessionStartsFromTheGeneratorsRecommendedSettings() throws {
        let path = try TestImages.writeGradient()
        let with = ExplorerSession(imagePaths: [path], configuration: .init(physical: VeilGenerator(), catalog: try IntensityStatsCatalog.bundled(),
                                                                                       diffusion: GentleGenerator()))
        XCTAssertEqual(with.settings.textGuidance, 3.0)
        XCTAssertEqual(with.settings.imageGuidance, 1.25)
        let without = ExplorerSession(imagePaths: [path], configuration: .init(physical: VeilGenerator(), catalog: try IntensityStatsCatalog.bundled()))
        XCTAssertEqual(without.settings, GeneratorSettings())
        XCTAssertEqual(without.settings.textGuidance, 7.5)
    }

    func testBundledGenDegSmallRecommendsGentlerGuidance() throws {
        let path = try XCTUnwrap(DiffusionGenerators.bundledModelPath(), "GenDeg-small is bundled")
        let model = try GenDegModel.load(path: path)
        XCTAssertEqual(model.recommendedGuidance?.text, 3.0)
        XCTAssertEqual(DiffusionGenerator(model: model).recommendedSettings.textGuidance, 3.0)
    }
}
