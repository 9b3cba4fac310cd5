import Foundation
import XCTest

/// `gendeg generate` with the bundled GenDeg-small, with and without structure correction.
final class GenerateCommandTests: XCTestCase {
    var folder = ""

    override func setUpWithError() throws {
        folder = try CLI.temporaryFolder("generate")
    }

    override func tearDown() {
        try? FileManager.default.removeItem(atPath: folder)
    }

    /// The tiny random structure corrector of the engine's golden tests (6 channels in, 3 out).
    var corrector: String { "\(CLI.packageRoot())/Tests/EngineTests/Fixtures/structure/nafnet_combine_w8.ckpt" }

    func generate(_ type: String, _ output: String, _ extra: [String] = []) throws -> CLI.Result {
        let result = try CLI.run(["generate", CLI.sample("chelsea.png"), "\(folder)/\(output)", "--type", type, "--mu", "0.15",
                                  "--sigma", "0.1", "--steps", "2", "--seed", "5"] + extra)
        XCTAssertEqual(result.status, 0, "\(type) \(extra): \(result.stderr)")
        return result
    }

    func bytes(_ name: String) throws -> Data { try Data(contentsOf: URL(fileURLWithPath: "\(folder)/\(name)")) }

    func testStructureCorrectionFollowsTheAutoRule() throws {
        let plain = try generate("haze", "haze.png")
        XCTAssertTrue(plain.stdout.contains("measured mu"), plain.stdout)
        try generate("haze", "haze-corrected.png", ["--structure-correction", corrector])
        XCTAssertNotEqual(try bytes("haze.png"), try bytes("haze-corrected.png"), "haze is corrected under the auto rule")

        try generate("rain", "rain.png")
        let skipped = try generate("rain", "rain-auto.png", ["--structure-correction", corrector])
        XCTAssertTrue(skipped.stdout.contains("structure correction skipped"), skipped.stdout)
        XCTAssertEqual(try bytes("rain.png"), try bytes("rain-auto.png"), "rain is left as generated under the auto rule")
        try generate("rain", "rain-always.png", ["--structure-correction", corrector, "--structure-correction-rule", "always"])
        XCTAssertNotEqual(try bytes("rain.png"), try bytes("rain-always.png"))
    }

    func testBadStructureCorrectorIsAClearError() throws {
        let restorer = "\(CLI.packageRoot())/Tests/EngineTests/Fixtures/learned/nafnet_w8.pth"
        for (path, message) in [(restorer, "takes 6"), ("\(folder)/missing.ckpt", "missing.ckpt")] {
            let result = try CLI.run(["generate", CLI.sample("chelsea.png"), "\(folder)/out.png", "--type", "haze", "--mu", "0.1",
                                      "--sigma", "0.05", "--steps", "1", "--structure-correction", path])
            XCTAssertNotEqual(result.status, 0)
            XCTAssertTrue(result.stderr.contains(message), result.stderr)
            XCTAssertFalse(FileManager.default.fileExists(atPath: "\(folder)/out.png"))
        }
    }
}
