import Foundation
import XCTest

/// `gendeg explore --dump-detect` run as a user would: with no terminal at all, and inside a
/// real tmux with its standard output sent to a file (it must still ask /dev/tty).
final class DumpDetectTests: XCTestCase {
    func testWithoutATerminalItSaysSoAndExitsZero() throws {
        let gendeg = try TerminalHarness.gendegBinary()
        let setsid = try TerminalHarness.tool("setsid")
        // setsid starts a session without a controlling terminal, so /dev/tty cannot be opened.
        let output = try TerminalHarness.run("/bin/sh", ["-c", "'\(setsid)' -w '\(gendeg)' explore --dump-detect; echo \"exit=$?\""])
        XCTAssertTrue(output.contains("terminal: none (/dev/tty could not be opened)"), output)
        XCTAssertTrue(output.contains("chosen: blocks"), output)
        XCTAssertTrue(output.hasSuffix("exit=0\n"), output)
    }

    func testInsideTmuxItProbesTheTtyWithStdoutRedirected() throws {
        let gendeg = try TerminalHarness.gendegBinary()
        let folder = NSTemporaryDirectory() + "gendeg-dump-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let tmux = try TmuxSession(label: "dump")
        defer { tmux.kill() }
        try tmux.start("sh -c \"'\(gendeg)' explore --dump-detect > '\(folder)/report' 2>&1; echo \\$? > '\(folder)/status'; sleep 30\"", cols: 100, rows: 30)
        let deadline = Date().addingTimeInterval(60)
        while !FileManager.default.fileExists(atPath: folder + "/status"), Date() < deadline { usleep(100_000) }
        usleep(200_000)
        let status = try String(contentsOfFile: folder + "/status", encoding: .utf8)
        let report = try String(contentsOfFile: folder + "/report", encoding: .utf8)
        XCTAssertEqual(status, "0\n", report)
        for expected in ["terminal (/dev/tty):", "XTVERSION: tmux ", "DA1 attributes: 1;2", "tmux: version ", "allow-passthrough off",
                         "outer terminal: not asked (passthrough off)", "requested: --graphics auto", "chosen: blocks", "notice: tmux "] {
            XCTAssertTrue(report.contains(expected), "missing '\(expected)' in:\n\(report)")
        }
        XCTAssertFalse(try tmux.display("#{pane_title}").contains("Gi="), "tmux took a kitty query for the pane title")
    }
}
