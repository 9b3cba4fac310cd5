import Foundation
import GenDegEngine
import XCTest

/// `gendeg synth --generator diffusion` with the reference's settings: `--preset reference`,
/// `--captions FILE`, and the mixed-haze prompts of GenDS's ORD and CSD draws, all recorded.
final class SynthFidelityTests: XCTestCase {
    var folder = ""

    override func setUpWithError() throws { folder = try CLI.temporaryFolder("synth-fidelity") }
    override func tearDown() { try? FileManager.default.removeItem(atPath: folder) }

    var tinyModel: String { "\(CLI.packageRoot())/Tests/EngineTests/Fixtures/pipeline/tiny-gendeg" }

    func photos() throws -> String {
        let photos = "\(folder)/photos"
        try FileManager.default.createDirectory(atPath: photos, withIntermediateDirectories: true)
        try ImageIO.writePNG(try ImageIO.read(CLI.sample("chelsea.png")).resized(width: 40, height: 26), to: "\(photos)/chelsea.png")
        try ImageIO.writePNG(try ImageIO.read(CLI.sample("coffee.png")).resized(width: 22, height: 36), to: "\(photos)/coffee.png")
        return photos
    }

    /// The reference preset itself (512 px) is too large for the tiny model's attention in a
    /// test; its settings are checked in EngineTests.GenDegFidelityTests.
    func testCaptionsAndMixedHazeAreRecorded() throws {
        let images = try photos()
        let captions = "\(folder)/captions.csv"
        try "image,caption\nchelsea.png,\"a cat, asleep\"\n".write(toFile: captions, atomically: true, encoding: .utf8)
        let out = "\(folder)/out"
        let result = try CLI.run(["synth", "--images", images, "--out", out, "--generator", "diffusion", "--model", tinyModel,
                                  "--types", "rain,snow", "--per-image", "3", "--seed", "5", "--steps", "1", "--workers", "2",
                                  "--captions", captions])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stdout.contains("preset fast: 32x32 input, 20 steps euler-a"), result.stdout)
        XCTAssertEqual(try CLI.run(["synth-merge", out]).status, 0)
        let lines = try SynthOutput.manifestLines("\(out)/manifest.jsonl")
        XCTAssertEqual(lines.count, 2 * 2 * 3)
        for line in lines {
            XCTAssertEqual(line["preset"] as? String, "fast")
            XCTAssertEqual(line["steps"] as? Int, 1, "--steps overrides the preset")
            let source = try XCTUnwrap(line["source_path"] as? String)
            let caption = try XCTUnwrap(line["caption"] as? String)
            XCTAssertEqual(caption, source.hasSuffix("chelsea.png") ? "a cat, asleep" : "a photo")
            let dataset = try XCTUnwrap(line["dataset"] as? String)
            let type = try XCTUnwrap(line["type"] as? String)
            let phrase = type == "rain" ? "rainy" : "snowy"
            let mixed = ["ORD", "CSD"].contains(dataset)
            XCTAssertEqual(line["prompt"] as? String, "\(caption), in \(phrase)\(mixed ? " and hazy" : "") conditions", "\(dataset)")
        }
    }

    func testPresetAndCaptionsNeedDiffusion() throws {
        let images = try photos()
        for extra in [["--preset", "reference"], ["--captions", "\(folder)/none.csv"]] {
            let result = try CLI.run(["synth", "--images", images, "--out", "\(folder)/p", "--types", "haze"] + extra)
            XCTAssertEqual(result.status, 1)
            XCTAssertTrue(result.stderr.contains("\(extra[0]) needs --generator diffusion"), result.stderr)
        }
        let missing = try CLI.run(["synth", "--images", images, "--out", "\(folder)/q", "--generator", "diffusion", "--model", tinyModel,
                                   "--types", "haze", "--captions", "\(folder)/none.csv"])
        XCTAssertEqual(missing.status, 1)
        XCTAssertTrue(missing.stderr.contains("--captions \(folder)/none.csv: cannot read it"), missing.stderr)
    }

    func testGenerateHelpListsConfigAndPreset() throws {
        let help = try CLI.run(["generate", "--help"]).stdout
        for option in ["--config", "--preset", "--caption"] { XCTAssertTrue(help.contains(option), "\(option):\n\(help)") }
    }
}
