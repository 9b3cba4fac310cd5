import Foundation
import GenDegEngine
import GenDegTestSupport
@testable import GenDegExplorer
import XCTest

/// Runs the explorer in a real kitty (Debian's package, software GL) on a virtual X display:
/// detection must pick the kitty protocol, the images must appear in their panes at pixel
/// resolution, go away under the help overlay, and come back when it closes (placed again
/// from the data kitty kept, which a screen clear would have freed). Skipped where kitty is
/// not installed.
final class KittyGraphicsTests: XCTestCase {
    func testImagesAppearHideUnderTheHelpAndComeBack() throws {
        let xvfb = try TerminalHarness.tool("Xvfb"), kitty = try TerminalHarness.tool("kitty")
        let importTool = try TerminalHarness.tool("import"), xwininfo = try TerminalHarness.tool("xwininfo")
        let binary = try TerminalHarness.gendegBinary()
        let (server, display) = try TerminalHarness.startXvfb(xvfb, screen: "1400x900x24")
        defer { TerminalHarness.stop(server) }

        let folder = try TestImages.temporaryFolder()
        let imagePath = folder + "/blocks.png"
        let clean = XtermSixelTests.colourBlocks()
        try ImageIO.writePNG(clean, to: imagePath)
        let socket = "unix:\(folder)/kitty.sock"
        let title = "gendeg-kitty-test-\(getpid())"
        let environment = ["DISPLAY": ":\(display)", "LIBGL_ALWAYS_SOFTWARE": "1"]
        let terminal = try TerminalHarness.launch(kitty, [
            "--config", "NONE", "-o", "allow_remote_control=yes", "--listen-on", socket, "-o", "remember_window_size=no",
            "-o", "initial_window_width=160c", "-o", "initial_window_height=48c", "-o", "font_size=9", "-o", "window_padding_width=0",
            "--title", title, binary, "explore", "--export-dir", folder + "/exports", imagePath,
        ], environment: environment, log: folder + "/kitty.log")
        defer { TerminalHarness.stop(terminal) }
        addTeardownBlock { print("kitty log:", (try? String(contentsOfFile: folder + "/kitty.log", encoding: .utf8)) ?? "none") }

        var window: (x: Int, y: Int, width: Int, height: Int)?
        try TerminalHarness.wait("the kitty window", timeout: 120) {
            guard !TerminalHarness.hasExited(terminal) else { throw XCTSkip("kitty exited at start (no usable OpenGL here?)") }
            window = XtermSixelTests.geometry(try TerminalHarness.run(xwininfo, ["-display", ":\(display)", "-name", title]))
            return window != nil
        }
        let cellWidth = window!.width / 160, cellHeight = window!.height / 48
        XCTAssertGreaterThan(cellWidth, 3)

        let configuration = try ExplorerApp.configuration(for: ExplorerOptions())
        let session = ExplorerSession(imagePaths: [imagePath], configuration: configuration)
        XCTAssertTrue(session.waitUntilIdle(timeout: 300))
        let layout = ScreenLayout(rows: 48, cols: 160, panes: session.paneOrder, zoomed: nil, imageCount: 1,
                                  imageAspect: Double(clean.width) / Double(clean.height))
        let background = ColorMapping.xterm256Color(ColorMapping.xterm256(Theme.builtinDark.style(.pane).background))
        let expected: [(PaneKind, RGBImage)] = session.paneOrder.compactMap { kind in
            kind == .diffusion ? nil : session.pane(kind).image.map { (kind, $0) }
        }
        XCTAssertGreaterThanOrEqual(expected.count, 4, "clean, physical and at least two restorer panes")

        let screenshot = folder + "/screen.png"
        /// What differs between the screen and the panes' images (empty when every image is in place).
        func mismatches() throws -> [String] {
            try TerminalHarness.run(importTool, ["-display", ":\(display)", "-window", "root", screenshot])
            guard let screen = try? ImageIO.read(screenshot) else { return ["no screenshot"] }
            var found: [String] = []
            for (kind, image) in expected {
                let area = layout.panes.first { $0.kind == kind }!.imageArea
                let canvas = RGBCanvas(width: area.cols * cellWidth, height: area.rows * cellHeight, background: background, image: image)
                let rect = canvas.imageRect
                let left = window!.x + area.col * cellWidth + rect.x, top = window!.y + area.row * cellHeight + rect.y
                let shown = XtermSixelTests.mean(screen, x: left + 2, y: top + 2, width: rect.width - 4, height: rect.height - 4)
                let want = XtermSixelTests.mean(canvas, x: rect.x + 2, y: rect.y + 2, width: rect.width - 4, height: rect.height - 4)
                if zip(shown, want).map({ abs($0 - $1) }).max()! > 0.05 { found.append("\(kind): screen mean \(shown) vs image mean \(want)") }
                if kind == .clean {
                    // 3-pixel stripes survive only at pixel resolution, not in half-blocks.
                    let stripes = (x: rect.width / 2 + 4, y: 4, width: rect.width / 2 - 8, height: rect.height / 2 - 8)
                    let shownDetail = XtermSixelTests.horizontalDetail(screen, x: left + stripes.x, y: top + stripes.y,
                                                                       width: stripes.width, height: stripes.height)
                    let wantDetail = XtermSixelTests.horizontalDetail(canvas, x: rect.x + stripes.x, y: rect.y + stripes.y,
                                                                      width: stripes.width, height: stripes.height)
                    if shownDetail < 0.6 * wantDetail { found.append("clean: stripe detail \(shownDetail) vs \(wantDetail) (not kitty?)") }
                }
            }
            return found
        }
        func waitFor(_ what: String, _ condition: ([String]) -> Bool) throws {
            var last: [String] = []
            let deadline = Date().addingTimeInterval(300)
            repeat {
                last = try mismatches()
                if condition(last) { return }
                usleep(500_000)
            } while Date() < deadline
            XCTFail("\(what): \(last)")
        }
        try waitFor("every image in its pane") { $0.isEmpty }
        try TerminalHarness.run(kitty, ["@", "--to", socket, "send-text", "?"])
        try waitFor("images taken off under the help overlay (it covers the middle panes)") { $0.count >= 2 }
        try TerminalHarness.run(kitty, ["@", "--to", socket, "send-text", "?"])
        try waitFor("every image back after the help closes") { $0.isEmpty }
    }
}
