import Foundation
import XCTest
@testable import GenDegEngine

/// run.json: the first process into an output folder stores the run's options; a later one
/// with other options is refused with every difference named.
final class SynthesisRunIdentityTests: XCTestCase {
    let catalog = try! IntensityStatsCatalog.bundled()
    var folder = ""

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("gendeg-run-identity-\(UUID())").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    }

    override func tearDown() { try? FileManager.default.removeItem(atPath: folder) }

    func identity(images: [String] = SampleImages.bundledPaths(), types: [DegradationType] = [.haze, .rain], perImage: Int = 2,
                  seed: UInt64 = 1, intensity: IntensitySpec = .gends, generator: String = "physical", model: String? = nil,
                  settings: GeneratorSettings? = nil) throws -> SynthesisRunIdentity {
        let plan = try SynthesisPlan(imagePaths: images, types: types, perImage: perImage, seed: seed, intensity: intensity,
                                     catalog: catalog)
        return SynthesisRunIdentity(plan: plan, generator: generator, modelSHA256: model, structureCorrection: nil, settings: settings)
    }

    func testFirstClaimStoresTheOptionsAndTheSameOptionsAreAccepted() throws {
        let first = try identity()
        try first.claim(folder: folder)
        let stored = try String(contentsOfFile: "\(folder)/run.json", encoding: .utf8)
        XCTAssertTrue(stored.contains("\"seed\" : 1"), stored)
        XCTAssertTrue(stored.contains("\"model_sha256\" : null"), stored)
        // The same photos listed in another order are the same run.
        try identity(images: SampleImages.bundledPaths().reversed()).claim(folder: folder)
        XCTAssertEqual(try String(contentsOfFile: "\(folder)/run.json", encoding: .utf8), stored, "run.json is written once")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder), ["run.json"], "no temporary file is left")
    }

    func testEveryDifferentOptionIsNamed() throws {
        try identity().claim(folder: folder)
        let cases: [(SynthesisRunIdentity, [String])] = [
            (try identity(seed: 2), ["--seed: 2 now, 1 in run.json"]),
            (try identity(images: Array(SampleImages.bundledPaths().prefix(3))), ["--images: 3 images"]),
            (try identity(types: [.haze]), ["--types: haze now, haze,rain in run.json"]),
            (try identity(perImage: 3), ["--per-image: 3 now, 2 in run.json"]),
            (try identity(intensity: .uniform(0.05...0.3)), ["--intensity: 0.05-0.3 now, gends in run.json"]),
            (try identity(intensity: .fixed(mu: 0.1, sigma: nil)), ["--intensity: 0.1 now, gends in run.json"]),
            (try identity(generator: "GenDeg-small", model: "abcdef0123456789",
                          settings: GeneratorSettings(textGuidance: 3)),
             ["--generator: GenDeg-small now, physical", "--model: SHA-256 abcdef012345 now, none", "--steps: 20 now, none",
              "--sampler: euler-a now, none", "--cfg-text: 3.0 now, none", "--preset: fast now, none",
              "--cfg-image: 1.5 now, none"]),
        ]
        for (other, fragments) in cases {
            XCTAssertThrowsError(try other.claim(folder: folder)) { error in
                let message = "\(error)"
                XCTAssertTrue(message.contains("resuming would mix two runs"), message)
                for fragment in fragments { XCTAssertTrue(message.contains(fragment), "\(fragment) not in: \(message)") }
                guard case SynthesisError.differentRun(_, let differences) = error else { return XCTFail("\(error)") }
                XCTAssertEqual(differences.count, fragments.count, message)
            }
        }
    }

    func testDiffusionSettingsArePartOfTheRun() throws {
        let settings = GeneratorSettings(steps: 4, sampler: .eulerAncestral, textGuidance: 3, imageGuidance: 1.5)
        try identity(generator: "tiny", model: "aa", settings: settings).claim(folder: folder)
        var other = settings
        other.imageGuidance = 1.25
        XCTAssertThrowsError(try identity(generator: "tiny", model: "aa", settings: other).claim(folder: folder)) {
            XCTAssertTrue("\($0)".contains("--cfg-image: 1.25 now, 1.5 in run.json"), "\($0)")
        }
        XCTAssertThrowsError(try identity(generator: "tiny", model: "bb", settings: settings).claim(folder: folder)) {
            XCTAssertTrue("\($0)".contains("--model: SHA-256 bb now, SHA-256 aa in run.json"), "\($0)")
        }
        XCTAssertNoThrow(try identity(generator: "tiny", model: "aa", settings: settings).claim(folder: folder))
    }
}
