import CTerminal
import XCTest
@testable import GenDegExplorer

/// Without a UTF-8 locale, box drawing goes through ncurses' alternate character set.
final class LineDrawingTests: XCTestCase {
    func testPaneBorderBecomesACSGlyphs() {
        XCTAssertEqual(LineDrawing.glyphs("┌──┐"), [
            .line(Int32(GD_LINE_TOP_LEFT)), .line(Int32(GD_LINE_HORIZONTAL)),
            .line(Int32(GD_LINE_HORIZONTAL)), .line(Int32(GD_LINE_TOP_RIGHT)),
        ])
    }

    func testTextRunsStayWholeAndNonASCIIBecomesAQuestionMark() {
        XCTAssertEqual(LineDrawing.glyphs("│ PSNR 21.3 dB · SSIM é│"), [
            .line(Int32(GD_LINE_VERTICAL)), .text(" PSNR 21.3 dB "), .line(Int32(GD_LINE_BULLET)), .text(" SSIM ?"),
            .line(Int32(GD_LINE_VERTICAL)),
        ])
        XCTAssertEqual(LineDrawing.glyphs("◀physical▶"), [
            .line(Int32(GD_LINE_LEFT_ARROW)), .text("physical"), .line(Int32(GD_LINE_RIGHT_ARROW)),
        ])
    }

    func testEveryGlyphTakesOneColumn() {
        let line = "━━━●───── mu 0.120 ▁▂▃█"
        let columns = LineDrawing.glyphs(line).reduce(0) { total, glyph in
            if case .text(let run) = glyph { return total + run.count }
            return total + 1
        }
        XCTAssertEqual(columns, line.count)
    }
}
