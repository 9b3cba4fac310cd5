import Foundation
import GenDegEngine
import GenDegTestSupport
import XCTest

/// The real binary on the smallest screen it accepts (80x24, tmux, blocks): the help scrolls
/// to its last binding and the restorer picker ticks a pane on, through real key presses.
final class TmuxSmallScreenTests: XCTestCase {
    private var tmux: TmuxSession!

    override func setUpWithError() throws {
        tmux = try TmuxSession(label: "small")
    }

    override func tearDown() {
        tmux?.kill()
    }

    private func screen() throws -> String { try tmux.screen() }

    private func send(_ keys: String...) throws { try tmux.send(keys) }

    func testHelpScrollsAndThePickerTicksARestorerAt80x24() throws {
        let folder = try TestImages.temporaryFolder()
        let image = try TestImages.writeGradient(name: "scene.png", width: 96, height: 64)
        let q = TerminalHarness.shellQuote
        try tmux.start("TERM=xterm-256color ESCDELAY=25 \(q(try TerminalHarness.gendegBinary())) explore --graphics blocks "
                       + "--export-dir \(q(folder)) \(q(image)); sleep 30", cols: 80, rows: 24)
        try TerminalHarness.wait("the physical preview") { try screen().contains("measured mu") }

        try send("?")
        try TerminalHarness.wait("the help") { try screen().contains("PgUp PgDn scroll · 1-") }
        XCTAssertFalse(try screen().contains("quit, as q does"), "the last binding is below the first page")
        // PgDn (tmux sends the same bytes as xterm for it) until the last page; End's bytes differ between the two.
        try TerminalHarness.wait("the help's last page") {
            try send("NPage")
            usleep(200_000)
            return try screen().contains("quit, as q does")
        }
        try send("Escape")
        try TerminalHarness.wait("the help to close") { try !screen().contains("Keys · Esc") }

        try send("p")
        try TerminalHarness.wait("the restorer picker") { try screen().contains("Restorers · Space ticks") }
        var text = try screen()
        XCTAssertTrue(text.contains("[x] dcp"), text)
        XCTAssertTrue(text.contains("[ ] lime"), text)
        try send("j", "Space")
        try TerminalHarness.wait("lime ticked") { try screen().contains("[x] lime") }
        text = try screen()
        XCTAssertTrue(text.contains("3 of "), text)
        try send("p")
        try TerminalHarness.wait("the picker to close and lime's pane") {
            let text = try screen()
            return !text.contains("Restorers · Space") && text.contains("lime")
        }
        try send("q")
    }
}
