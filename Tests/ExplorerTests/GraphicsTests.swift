import Foundation
import GenDegEngine
import GenDegTestSupport
@testable import GenDegExplorer
import XCTest

final class GraphicsTests: XCTestCase {
    func testSixelEncoderProducesADCSSequence() throws {
        let canvas = RGBCanvas(width: 40, height: 30, background: RGBColor(10, 20, 30), image: TestImages.gradient())
        let bytes = try SixelEncoder.encode(canvas)
        let text = String(decoding: bytes, as: UTF8.self)
        XCTAssertTrue(text.hasPrefix("\u{1B}P"), "starts with DCS")
        XCTAssertTrue(text.hasSuffix("\u{1B}\\"), "ends with ST")
        let body = text.drop { $0 != "q" }
        XCTAssertTrue(body.hasPrefix("q\"1;1;40;30"), "raster attributes give the size: \(text.prefix(40))")
        XCTAssertTrue(text.contains("#0;2;"), "defines palette colours")
        XCTAssertTrue(text.contains("-"), "has more than one sixel band (30 rows)")
    }

    func testPlacementSavesPositionsAndRestoresTheCursor() throws {
        let placed = ImagePlacement.sixel(Array("IMG".utf8), row: 4, col: 9)
        XCTAssertEqual(String(decoding: placed, as: UTF8.self), "\u{1B}7\u{1B}[5;10HIMG\u{1B}8")
        let blocks = ImagePlacement.blocks([Array("a".utf8), Array("b".utf8)], row: 0, col: 2)
        XCTAssertEqual(String(decoding: blocks, as: UTF8.self), "\u{1B}7\u{1B}[1;3Ha\u{1B}[2;3Hb\u{1B}8")
    }

    func testCanvasLetterboxesAndCentresTheImage() {
        let white = RGBImage(width: 20, height: 10, fill: 1)
        let canvas = RGBCanvas(width: 40, height: 40, background: RGBColor(0, 0, 255), image: white)
        XCTAssertEqual(canvas.imageRect.width, 40)
        XCTAssertEqual(canvas.imageRect.height, 20)
        XCTAssertEqual(canvas.imageRect.y, 10)
        XCTAssertEqual(canvas.pixel(x: 20, y: 20), RGBColor(255, 255, 255))
        XCTAssertEqual(canvas.pixel(x: 20, y: 2), RGBColor(0, 0, 255))
        XCTAssertEqual(canvas.pixel(x: 20, y: 37), RGBColor(0, 0, 255))
    }

    func testSixelSetupKeepsImagesInsideTheirArea() throws {
        let setup = GraphicsSetup(mode: .sixel, cellWidth: 9, cellHeight: 17)
        // A 64x48 image in 8x5 cells of 9x17 px (72x85 px, cut to 84 rows so no sixel band
        // spills below): it fits as 72x54 at y 15, touching all five cell rows.
        let area = CellRect(row: 2, col: 3, rows: 5, cols: 8)
        let placed = try setup.encode(TestImages.gradient(), area: area, background: RGBColor(0, 0, 0))
        let text = String(decoding: placed.bytes, as: UTF8.self)
        XCTAssertEqual(placed.cells, CellRect(row: 2, col: 3, rows: 5, cols: 8))
        XCTAssertTrue(text.contains("\"1;1;72;84"), String(text.prefix(60)))
        XCTAssertTrue(text.hasPrefix("\u{1B}7\u{1B}[3;4H\u{1B}P"))
        // A wide image in a tall area covers only the middle rows.
        let wide = try setup.encode(RGBImage(width: 80, height: 20, fill: 0.5), area: CellRect(row: 0, col: 0, rows: 10, cols: 8), background: RGBColor(0, 0, 0))
        XCTAssertEqual(wide.cells.rows, 2)
        XCTAssertGreaterThan(wide.cells.row, 0)
    }

    func testHalfBlocksCarryTwoPixelsPerCell() {
        var image = RGBImage(width: 2, height: 2)
        image[0, 0, 0] = 1; image[0, 0, 1] = 1  // top row red
        image[2, 1, 0] = 1; image[2, 1, 1] = 1  // bottom row blue
        let canvas = RGBCanvas(width: 2, height: 2, background: RGBColor(0, 0, 0), image: image)
        let rows = HalfBlockEncoder.rows(canvas, depth: .trueColor)
        XCTAssertEqual(rows.count, 1)
        XCTAssertEqual(String(decoding: rows[0], as: UTF8.self), "\u{1B}[38;2;255;0;0m\u{1B}[48;2;0;0;255m▀▀\u{1B}[0m")
        let palette = HalfBlockEncoder.rows(canvas, depth: .palette256)
        XCTAssertEqual(String(decoding: palette[0], as: UTF8.self), "\u{1B}[38;5;196m\u{1B}[48;5;21m▀▀\u{1B}[0m")
    }

    func testColourMapping() {
        XCTAssertEqual(ColorMapping.xterm256(RGBColor(0, 0, 0)), 16)
        XCTAssertEqual(ColorMapping.xterm256(RGBColor(255, 255, 255)), 231)
        XCTAssertEqual(ColorMapping.xterm256(RGBColor(128, 128, 128)), 244)
        XCTAssertEqual(ColorMapping.xterm256(RGBColor(255, 135, 0)), 208)
        XCTAssertEqual(ColorMapping.xterm256Color(208), RGBColor(255, 135, 0))
        XCTAssertEqual(ColorMapping.xterm256Color(244), RGBColor(128, 128, 128))
        for index in 16..<256 { XCTAssertEqual(ColorMapping.xterm256(ColorMapping.xterm256Color(index)), index) }
        XCTAssertEqual(ColorMapping.ansi8(RGBColor(255, 0, 0)), 1)
        XCTAssertEqual(ColorMapping.ansi8(RGBColor(250, 250, 250)), 7)
        XCTAssertEqual(ColorMapping.ansi8(RGBColor(10, 10, 10)), 0)
    }

    func testSparklineSliderAndLabels() {
        let counts = [0, 10, 20, 0]
        XCTAssertEqual(IntensityGraphics.sparkline(counts: counts, binWidth: 0.25, muLimit: 1, width: 4), " ▅█ ")
        XCTAssertEqual(IntensityGraphics.sparkline(counts: counts, binWidth: 0.25, muLimit: 0.5, width: 2), " █", "the peak is taken over the visible range")
        let slider = IntensityGraphics.slider(position: 0.5, width: 5)
        XCTAssertEqual(slider.track, "━━●──")
        XCTAssertEqual(slider.knob, 2)
        let sets = [DatasetIntensity(name: "A", muCounts: [], sigmaCounts: [], medianMu: 0.1),
                    DatasetIntensity(name: "B", muCounts: [], sigmaCounts: [], medianMu: 0.12)]
        let labels = IntensityGraphics.datasetLabels(sets, muLimit: 1, width: 40, lines: 2)
        XCTAssertEqual(labels[0].trimmingCharacters(in: .whitespaces), "▲1 A .100")
        XCTAssertEqual(labels[1].trimmingCharacters(in: .whitespaces), "▲2 B .120", "overlapping labels go to the next line")
        XCTAssertEqual(IntensityGraphics.progressBar(step: 1, total: 4, width: 8), "██░░░░░░")
    }

    func testTrueColourOnlyWhenCOLORTERMSaysSo() {
        XCTAssertTrue(TerminalAnswers(environment: ["COLORTERM": "truecolor"]).trueColor)
        XCTAssertTrue(TerminalAnswers(environment: ["COLORTERM": "24bit"]).trueColor)
        XCTAssertTrue(TerminalAnswers(environment: ["COLORTERM": "TrueColor"]).trueColor)
        XCTAssertFalse(TerminalAnswers(environment: ["COLORTERM": "rxvt-xpm"]).trueColor)
        XCTAssertFalse(TerminalAnswers(environment: ["TERM": "xterm-256color"]).trueColor)
    }

    func testPaletteBlocksUse256ColourEscapes() {
        let canvas = RGBCanvas(width: 2, height: 2, background: RGBColor(0, 0, 0),
                               image: RGBImage(width: 2, height: 2, fill: 0.5))
        let palette = String(decoding: HalfBlockEncoder.rows(canvas, depth: .palette256).joined(), as: UTF8.self)
        let direct = String(decoding: HalfBlockEncoder.rows(canvas, depth: .trueColor).joined(), as: UTF8.self)
        XCTAssertTrue(palette.contains("38;5;") && !palette.contains("38;2;"), palette.debugDescription)
        XCTAssertTrue(direct.contains("38;2;") && !direct.contains("38;5;"), direct.debugDescription)
    }
}
