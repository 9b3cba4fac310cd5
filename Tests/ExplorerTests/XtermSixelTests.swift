import Foundation
import GenDegEngine
import GenDegTestSupport
@testable import GenDegExplorer
import XCTest

/// Runs the explorer in a real `xterm -ti vt340` on a virtual X display and checks, from a
/// screenshot, that the clean, physical and restored images appear in their pane rectangles,
/// at pixel resolution (sixel, not half-blocks).
final class XtermSixelTests: XCTestCase {
    func testImagesAppearInTheirPanes() throws {
        let xvfb = try TerminalHarness.tool("Xvfb"), xterm = try TerminalHarness.tool("xterm")
        let importTool = try TerminalHarness.tool("import"), xwininfo = try TerminalHarness.tool("xwininfo")
        let binary = try TerminalHarness.gendegBinary()
        let (server, display) = try TerminalHarness.startXvfb(xvfb, screen: "1400x900x24")
        defer { TerminalHarness.stop(server) }

        let folder = try TestImages.temporaryFolder()
        let imagePath = folder + "/blocks.png"
        let clean = Self.colourBlocks()
        try ImageIO.writePNG(clean, to: imagePath)
        let environment = ["DISPLAY": ":\(display)"]
        let arguments = [
            "-ti", "vt340", "-tn", "xterm-256color", "-xrm", "XTerm*numColorRegisters: 256",
            "-xrm", "XTerm*maxGraphicSize: 2048x2048", "-title", "gendeg-sixel-test", "-geometry", "160x48+0+0",
            "-e", binary, "explore", "--export-dir", folder + "/exports", imagePath,
        ]
        var terminal = try TerminalHarness.launch(xterm, arguments, environment: environment, log: folder + "/xterm.log")
        defer { TerminalHarness.stop(terminal) }
        addTeardownBlock { print("xterm log:", (try? String(contentsOfFile: folder + "/xterm.log", encoding: .utf8)) ?? "none") }

        // Where the text grid is on the screen: the xterm window's position, less its border.
        // An xterm that exits before its window maps (a display hiccup) is started again, twice at most.
        var window: (x: Int, y: Int, width: Int, height: Int)?
        var launches = 1
        try TerminalHarness.wait("the xterm window", timeout: 60) {
            if TerminalHarness.hasExited(terminal) {
                guard launches < 3 else { return false }
                launches += 1
                terminal = try TerminalHarness.launch(xterm, arguments, environment: environment, log: folder + "/xterm.log")
            }
            let info = try TerminalHarness.run(xwininfo, ["-display", ":\(display)", "-name", "gendeg-sixel-test"])
            window = Self.geometry(info)
            return window != nil
        }
        let border = 2
        let cellWidth = (window!.width - 2 * border) / 160, cellHeight = (window!.height - 2 * border) / 48
        XCTAssertGreaterThan(cellWidth, 3)

        // The panes the explorer lays out, and what it shows in them (the session is deterministic).
        let configuration = try ExplorerApp.configuration(for: ExplorerOptions())
        let session = ExplorerSession(imagePaths: [imagePath], configuration: configuration)
        XCTAssertTrue(session.waitUntilIdle(timeout: 300))
        XCTAssertNotNil(session.pane(.physical).image)
        let layout = ScreenLayout(rows: 48, cols: 160, panes: session.paneOrder, zoomed: nil, imageCount: 1,
                                  imageAspect: Double(clean.width) / Double(clean.height))
        let background = ColorMapping.xterm256Color(ColorMapping.xterm256(Theme.builtinDark.style(.pane).background))
        // Every pane with an image: clean, physical and the restorers (diffusion waits for `g`).
        let expected: [(PaneKind, RGBImage)] = session.paneOrder.compactMap { kind in
            kind == .diffusion ? nil : session.pane(kind).image.map { (kind, $0) }
        }
        XCTAssertEqual(Array(expected.map(\.0).prefix(2)), [.clean, .physical])
        XCTAssertGreaterThanOrEqual(expected.count, 4, "clean, physical and at least two restorer panes")

        let screenshot = folder + "/screen.png"
        var mismatches: [String] = []
        let deadline = Date().addingTimeInterval(300)
        repeat {
            try TerminalHarness.run(importTool, ["-display", ":\(display)", "-window", "root", screenshot])
            guard let screen = try? ImageIO.read(screenshot) else { continue }
            mismatches = []
            for (kind, image) in expected {
                let area = layout.panes.first { $0.kind == kind }!.imageArea
                let canvas = RGBCanvas(width: area.cols * cellWidth, height: area.rows * cellHeight / 6 * 6,
                                       background: background, image: image)
                let rect = canvas.imageRect
                let left = window!.x + border + area.col * cellWidth + rect.x, top = window!.y + border + area.row * cellHeight + rect.y
                let shown = Self.mean(screen, x: left + 2, y: top + 2, width: rect.width - 4, height: rect.height - 4)
                let want = Self.mean(canvas, x: rect.x + 2, y: rect.y + 2, width: rect.width - 4, height: rect.height - 4)
                let error = zip(shown, want).map { abs($0 - $1) }.max()!
                if error > 0.05 { mismatches.append("\(kind): screen mean \(shown) vs image mean \(want)") }
                if kind == .clean {
                    // The stripes (3 px wide) survive only at pixel resolution: half-blocks, one
                    // colour per cell column, would flatten them. This proves sixel was chosen.
                    let stripes = (x: rect.width / 2 + 4, y: 4, width: rect.width / 2 - 8, height: rect.height / 2 - 8)
                    let shownDetail = Self.horizontalDetail(screen, x: left + stripes.x, y: top + stripes.y,
                                                            width: stripes.width, height: stripes.height)
                    let wantDetail = Self.horizontalDetail(canvas, x: rect.x + stripes.x, y: rect.y + stripes.y,
                                                           width: stripes.width, height: stripes.height)
                    if wantDetail < 0.1 || shownDetail < 0.6 * wantDetail {
                        mismatches.append("clean: stripe detail \(shownDetail) on screen vs \(wantDetail) in the image (not sixel?)")
                    }
                }
            }
            if mismatches.isEmpty { break }
            usleep(500_000)
        } while Date() < deadline
        XCTAssertEqual(mismatches, [], "after waiting up to 300 s for the explorer to draw")
    }

    /// Four saturated quadrants, so a misplaced or missing image changes the means a lot; the
    /// top right one is blue and white stripes 3 pixels wide, detail only sixel can show.
    static func colourBlocks() -> RGBImage {
        var image = RGBImage(width: 240, height: 160)
        for y in 0..<160 {
            for x in 0..<240 {
                let stripe: (Float, Float, Float) = (x / 3) % 2 == 0 ? (0.1, 0.35, 0.9) : (0.95, 0.95, 0.95)
                let colour: (Float, Float, Float) = y < 80 ? (x < 120 ? (0.95, 0.45, 0.05) : stripe)
                                                           : (x < 120 ? (0.15, 0.75, 0.25) : (0.9, 0.9, 0.85))
                image[0, y, x] = colour.0
                image[1, y, x] = colour.1
                image[2, y, x] = colour.2
            }
        }
        return image
    }

    static func geometry(_ xwininfo: String) -> (x: Int, y: Int, width: Int, height: Int)? {
        func value(_ label: String) -> Int? {
            guard let line = xwininfo.split(separator: "\n").first(where: { $0.contains(label) }) else { return nil }
            return Int(line.split(separator: ":").last!.trimmingCharacters(in: .whitespaces))
        }
        guard let x = value("Absolute upper-left X"), let y = value("Absolute upper-left Y"),
              let width = value("Width"), let height = value("Height"), width > 100 else { return nil }
        return (x, y, width, height)
    }

    static func mean(_ image: RGBImage, x: Int, y: Int, width: Int, height: Int) -> [Double] {
        (0..<3).map { c in
            var sum = 0.0
            for row in y..<(y + height) { for col in x..<(x + width) { sum += Double(image[c, row, col]) } }
            return sum / Double(width * height)
        }
    }

    /// Mean absolute difference between horizontally adjacent pixels (all channels).
    static func horizontalDetail(_ image: RGBImage, x: Int, y: Int, width: Int, height: Int) -> Double {
        var sum = 0.0
        for c in 0..<3 {
            for row in y..<(y + height) {
                for col in x..<(x + width - 1) { sum += Double(abs(image[c, row, col + 1] - image[c, row, col])) }
            }
        }
        return sum / Double(3 * height * (width - 1))
    }

    static func horizontalDetail(_ canvas: RGBCanvas, x: Int, y: Int, width: Int, height: Int) -> Double {
        var sum = 0.0
        for c in 0..<3 {
            for row in y..<(y + height) {
                for col in x..<(x + width - 1) {
                    let here = 3 * (row * canvas.width + col) + c
                    sum += Double(abs(Int(canvas.bytes[here + 3]) - Int(canvas.bytes[here]))) / 255
                }
            }
        }
        return sum / Double(3 * height * (width - 1))
    }

    static func mean(_ canvas: RGBCanvas, x: Int, y: Int, width: Int, height: Int) -> [Double] {
        (0..<3).map { c in
            var sum = 0.0
            for row in y..<(y + height) { for col in x..<(x + width) { sum += Double(canvas.bytes[3 * (row * canvas.width + col) + c]) / 255 } }
            return sum / Double(width * height)
        }
    }
}
