import Foundation
import GenDegEngine
import XCTest

/// Progress into a pipe or a log (standard error is not a terminal here): the first state, at
/// most one line every 5 seconds, and the final state; never one line per update.
final class ProgressOutputTests: XCTestCase {
    var folder = ""

    override func setUpWithError() throws { folder = try CLI.temporaryFolder("progress") }
    override func tearDown() { try? FileManager.default.removeItem(atPath: folder) }

    func progressLines(_ stderr: String, label: String) -> [String] {
        stderr.split(separator: "\n").map(String.init).filter { $0.hasPrefix(label) }
    }

    /// Richardson-Lucy reports each of its iterations (33 lines before).
    func testRichardsonLucyWritesStartAndEndNotEveryIteration() throws {
        let blurred = "\(folder)/blurred.png", kernel = "\(folder)/kernel.json"
        let small = "\(folder)/small.png"
        try ImageIO.writePNG(try ImageIO.read(CLI.sample("chelsea.png")).resized(width: 96, height: 64), to: small)
        let degrade = try CLI.run(["degrade", small, blurred, "--type", "motion-blur", "--intensity", "0.5", "--kernel", kernel])
        XCTAssertEqual(degrade.status, 0, degrade.stderr)
        let started = Date()
        let result = try CLI.run(["restore", blurred, "\(folder)/out.png", "--restorer", "richardson-lucy", "--kernel", kernel])
        let elapsed = Date().timeIntervalSince(started)
        XCTAssertEqual(result.status, 0, result.stderr)
        let lines = progressLines(result.stderr, label: "richardson-lucy")
        XCTAssertGreaterThanOrEqual(lines.count, 1, "progress is still reported: \(result.stderr)")
        XCTAssertLessThanOrEqual(lines.count, 2 + Int(elapsed / 5), result.stderr)
        XCTAssertTrue(lines.last?.contains("100%") ?? false, "the log ends on the final state: \(result.stderr)")
        XCTAssertFalse(result.stderr.contains("\r"), "no carriage returns in a log")
    }

    func testSamplingStepsAreThrottledToo() throws {
        let small = "\(folder)/small.png"
        try ImageIO.writePNG(try ImageIO.read(CLI.sample("chelsea.png")).resized(width: 48, height: 32), to: small)
        let started = Date()
        let result = try CLI.run(["generate", small, "\(folder)/g.png", "--type", "haze", "--mu", "0.1", "--sigma", "0.05",
                                  "--steps", "6"])
        let elapsed = Date().timeIntervalSince(started)
        XCTAssertEqual(result.status, 0, result.stderr)
        let lines = progressLines(result.stderr, label: "GenDeg-small")
        XCTAssertLessThanOrEqual(lines.count, 2 + Int(elapsed / 5), result.stderr)
        XCTAssertTrue(lines.first?.contains("step 1/6") ?? false, result.stderr)
        XCTAssertTrue(lines.last?.contains("step 6/6") ?? false, result.stderr)
    }
}
