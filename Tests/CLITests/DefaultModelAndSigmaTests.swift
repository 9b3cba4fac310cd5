import Foundation
import GenDegEngine
import XCTest

/// The defaults a new user meets: synth --generator diffusion uses the bundled GenDeg-small as
/// generate and explore do, generate without --sigma takes the explorer's sigma and says it,
/// and every manifest line says whether a diffusion model made its image.
final class DefaultModelAndSigmaTests: XCTestCase {
    var folder = ""

    override func setUpWithError() throws { folder = try CLI.temporaryFolder("defaults") }
    override func tearDown() { try? FileManager.default.removeItem(atPath: folder) }

    var bundledModel: String { "\(CLI.packageRoot())/Sources/Engine/Resources/models/gendeg-small" }

    func smallPhoto() throws -> String {
        let photos = "\(folder)/photos"
        try FileManager.default.createDirectory(atPath: photos, withIntermediateDirectories: true)
        try ImageIO.writePNG(try ImageIO.read(CLI.sample("coffee.png")).resized(width: 30, height: 24), to: "\(photos)/coffee.png")
        return photos
    }

    func testSynthDiffusionDefaultsToTheBundledModelAndLabelsItsImagesSynthetic() throws {
        let photos = try smallPhoto()
        let diffusion = try CLI.run(["synth", "--images", photos, "--out", "\(folder)/diffusion", "--generator", "diffusion",
                                     "--types", "rain", "--steps", "1", "--workers", "1"])
        XCTAssertEqual(diffusion.status, 0, diffusion.stderr)
        let line = try XCTUnwrap(try SynthOutput.manifestLines("\(folder)/diffusion/manifest-0-of-1.jsonl").first)
        XCTAssertEqual(line["generator"] as? String, "GenDeg-small")
        XCTAssertEqual(line["model_sha256"] as? String, try ModelHash.sha256(ofModelAt: bundledModel))
        XCTAssertEqual(line["synthetic"] as? Bool, true)

        let physical = try CLI.run(["synth", "--images", photos, "--out", "\(folder)/physical", "--types", "rain", "--workers", "1"])
        XCTAssertEqual(physical.status, 0, physical.stderr)
        let physicalLine = try XCTUnwrap(try SynthOutput.manifestLines("\(folder)/physical/manifest-0-of-1.jsonl").first)
        XCTAssertEqual(physicalLine["synthetic"] as? Bool, false, "an explicit false, not a missing key")
    }

    func testGenerateWithoutSigmaUsesTheExplorersSigmaAndPrintsIt() throws {
        let catalog = try IntensityStatsCatalog.bundled()
        let expected = catalog.typicalSigma(for: .rain, mu: 0.12)
        // The explorer's own session, asked for the same type and mu.
        let session = ExplorerSession(imagePaths: [], configuration: ExplorerSession.Configuration(
            physical: PhysicalGenerator(), catalog: catalog, exportFolder: folder))
        session.setType(.rain)
        session.setTargetMu(0.12)
        XCTAssertEqual(session.targetSigma, expected, accuracy: 1e-12)

        let photo = "\(try smallPhoto())/coffee.png"
        let result = try CLI.run(["generate", photo, "\(folder)/rain.png", "--type", "rain", "--mu", "0.12", "--steps", "1"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let chosen = String(format: "%.4f", expected)
        XCTAssertTrue(result.stderr.contains("--sigma not given: using \(chosen)"), result.stderr)
        XCTAssertTrue(result.stdout.contains("target mu 0.1200 sigma \(chosen)"), result.stdout)
        XCTAssertNotEqual(expected, 0.12 * 0.75, accuracy: 1e-6, "the real histogram, not the fallback guess")
    }
}
