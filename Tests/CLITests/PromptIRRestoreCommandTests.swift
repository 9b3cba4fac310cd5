import Foundation
import XCTest
@testable import GenDegEngine

/// `gendeg restore` runs a PromptIR checkpoint given directly or through the registry, with the
/// engine's result (the tiny random PromptIR golden checkpoint of EngineTests).
final class PromptIRRestoreCommandTests: XCTestCase {
    let checkpoint = "\(CLI.packageRoot())/Tests/EngineTests/Fixtures/learned/promptir_d4.pth"
    var folder = ""
    var input = ""

    /// A 61 x 45 corner of a sample photo (odd sizes: the network reflect-pads to 48 x 64).
    override func setUpWithError() throws {
        folder = try CLI.temporaryFolder("promptir")
        input = "\(folder)/input.png"
        let photo = try ImageIO.read(CLI.sample("chelsea.png"))
        try ImageIO.writePNG(PlanarMap(photo).cropped(height: 45, width: 61).image(), to: input, bitDepth: 16)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(atPath: folder)
    }

    func testCheckpointOptionWritesTheEngineResult() throws {
        let output = "\(folder)/restored.png"
        let result = try CLI.run(["restore", input, output, "--checkpoint", checkpoint])
        XCTAssertEqual(result.status, 0, result.stderr)
        let written = try ImageIO.read(output)
        let expected = try LearnedRestorer(checkpoint: checkpoint).restore(try ImageIO.read(input), context: RestoreContext())
        XCTAssertEqual(written.width, expected.width)
        XCTAssertEqual(written.height, expected.height)
        let worst = zip(written.pixels, expected.pixels).map { abs($0 - $1) }.max() ?? .infinity
        XCTAssertLessThanOrEqual(worst, 0.5 / 255 + 1e-4, "the PNG should hold the engine's result to 8-bit rounding")
    }

    func testRegistryEntryDeclaredPromptIR() throws {
        let registry = "\(folder)/restorers.toml"
        try """
        [[restorer]]
        name = "promptir-tiny"
        path = "\(checkpoint)"
        architecture = "promptir"
        """.write(toFile: registry, atomically: true, encoding: .utf8)
        let list = try CLI.run(["restorers", "--registry", registry])
        XCTAssertEqual(list.status, 0, list.stderr)
        let row = try XCTUnwrap(list.stdout.split(separator: "\n").first { $0.hasPrefix("promptir-tiny") }, list.stdout)
        XCTAssertTrue(row.contains("haze,rain"), "PromptIR's default targets: \(row)")
        let result = try CLI.run(["restore", input, "\(folder)/o.png", "--restorer", "promptir-tiny", "--registry", registry])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(FileManager.default.fileExists(atPath: "\(folder)/o.png"))
    }
}
