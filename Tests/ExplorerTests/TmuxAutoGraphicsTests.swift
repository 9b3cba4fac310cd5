import Foundation
import XCTest

/// `--graphics auto` inside a real tmux (passthrough off, as tmux starts): detection falls back
/// to half-blocks, the images are drawn with them, and the status line says why.
final class TmuxAutoGraphicsTests: XCTestCase {
    func testAutoInTmuxDrawsBlocksAndSaysWhy() throws {
        let binary = try TerminalHarness.gendegBinary()
        let tmux = try TmuxSession(label: "auto")
        defer { tmux.kill() }
        try tmux.start("TERM=xterm-256color '\(binary)' explore; sleep 30")
        // While work runs the progress bar shares the status line and cuts the notice short.
        try TerminalHarness.wait("half-block images and the whole notice", timeout: 180) {
            let screen = try tmux.screen()
            return screen.contains("▀") && screen.contains("allow-passthrough off, so the outer terminal cannot be asked: half-blocks (tmux set -g allow-passthrough on)")
        }
        XCTAssertFalse(try tmux.display("#{pane_title}").contains("Gi="), "no bare kitty query reached tmux")
    }
}
