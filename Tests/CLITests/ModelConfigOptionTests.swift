import Foundation
import XCTest

/// `--config FILE.yaml` (an LDM config in GenDeg's configs/generate.yaml layout) on the commands
/// that load a diffusion model, and what a bare checkpoint without one says it assumed.
final class ModelConfigOptionTests: XCTestCase {
    let checkpoint = "\(CLI.packageRoot())/Tests/EngineTests/Fixtures/checkpoint/ldm_tiny.safetensors"
    let config = "\(CLI.packageRoot())/Tests/EngineTests/Fixtures/ldmconfig/tiny-sd2-heads.yaml"

    func testHelpListsConfig() throws {
        for command in ["generate", "synth", "explore", "inspect"] {
            let help = try CLI.run([command, "--help"])
            XCTAssertTrue(help.stdout.contains("--config"), "\(command) --help:\n\(help.stdout)")
        }
    }

    func testInspectShowsTheArchitectureTheConfigGives() throws {
        let result = try CLI.run(["inspect", checkpoint, "--config", config])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stdout.contains("heads per level [2, -], mid 4"), result.stdout)
        XCTAssertTrue(result.stdout.contains("text encoder with config: 2 heads"), result.stdout)
    }

    func testBrokenConfigIsATypedErrorWithTheLine() throws {
        let folder = try CLI.temporaryFolder("bad-config")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let bad = "\(folder)/bad.yaml"
        try "model:\n  params:\n    unet_config: &anchor\n".write(toFile: bad, atomically: true, encoding: .utf8)
        let output = "\(folder)/out.png"
        let result = try CLI.run(["generate", CLI.sample(try firstSample()), output, "--model", checkpoint, "--config", bad,
                                  "--type", "haze", "--mu", "0.1", "--sigma", "0.05"])
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.stderr.contains("bad.yaml:3:"), result.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: output))
    }

    func firstSample() throws -> String {
        try XCTUnwrap(FileManager.default.contentsOfDirectory(atPath: CLI.samplesFolder).sorted().first { $0.hasSuffix(".jpg") || $0.hasSuffix(".png") })
    }
}
