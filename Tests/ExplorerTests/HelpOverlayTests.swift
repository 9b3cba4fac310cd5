import Foundation
import GenDegEngine
import GenDegTestSupport
@testable import GenDegExplorer
import XCTest

/// On the smallest screen the explorer accepts (80x24) the help does not fit: it scrolls, and
/// every binding, keys and whole action, can be reached.
final class HelpOverlayTests: XCTestCase {
    private func model() throws -> ExplorerViewModel {
        let session = try makeSession(paths: [try TestImages.writeGradient()])
        XCTAssertTrue(session.waitUntilIdle())
        return ExplorerViewModel(session: session, themes: ThemeStore(themes: [Theme.builtinDark]))
    }

    /// The help list's lines visible on an 80x24 screen.
    private func visibleHelpLines(_ model: ExplorerViewModel) -> [String] {
        let layout = ScreenLayout(rows: 24, cols: 80, panes: model.session.paneOrder, zoomed: nil, imageCount: 1)
        let grid = TextGrid(rows: 24, cols: 80)
        ScreenPainter(model: model, layout: layout, graphicsEnabled: true).paint(on: grid)
        let frame = HelpOverlay.frame(rows: 24, cols: 80)
        return ((frame.row + 2)..<frame.bottom).map { String(grid.line($0).dropFirst(frame.col + 2).prefix(frame.cols - 4)) }
    }

    private func helpLineCount(_ model: ExplorerViewModel) -> Int {
        HelpOverlay.lineCount(rows: model.screenSize.rows, cols: model.screenSize.cols)
    }

    private func helpOffset(_ model: ExplorerViewModel) -> Int? { (model.overlays.last as? HelpOverlay)?.scroll.offset }

    private func normalized(_ text: String) -> String {
        text.split(whereSeparator: { $0 == " " || $0 == "\n" }).joined(separator: " ")
    }

    func testEveryBindingCanBeScrolledIntoViewAt80x24() throws {
        let model = try model()
        model.setScreenSize(rows: 24, cols: 80)
        model.handle(.char("?"))
        let firstPage = visibleHelpLines(model)
        XCTAssertLessThan(firstPage.count, helpLineCount(model), "at 80x24 the help needs scrolling")
        let missingOnFirstPage = KeyBindings.all.filter { !normalized(firstPage.joined(separator: "\n")).contains(normalized($0.action)) }
        XCTAssertFalse(missingOnFirstPage.isEmpty)

        // Scroll one line at a time; the top line of each position, then the last page, is the whole list.
        var seen: [String] = []
        var page = firstPage
        for _ in 0..<200 {
            let before = helpOffset(model)
            model.handle(Key(spelling: "j")!)
            if helpOffset(model) == before { break }
            seen.append(page[0])
            page = visibleHelpLines(model)
        }
        seen += page
        XCTAssertEqual(seen.count, helpLineCount(model))
        let all = normalized(seen.joined(separator: "\n"))
        for binding in KeyBindings.all {
            XCTAssertTrue(all.contains(normalized(binding.keys + " " + binding.action)), "help never shows \(binding.keys): \(binding.action)")
        }
        XCTAssertTrue(model.overlays.last is HelpOverlay)
    }

    func testPageKeysHomeEndAndTheFooter() throws {
        let model = try model()
        model.setScreenSize(rows: 24, cols: 80)
        model.handle(.char("?"))
        let page = OverlayFrame.listRows(of: HelpOverlay.frame(rows: 24, cols: 80))
        let maximum = helpLineCount(model) - page
        model.handle(.pageDown)
        XCTAssertEqual(helpOffset(model), min(page, maximum))
        model.handle(.end)
        XCTAssertEqual(helpOffset(model), maximum)
        model.handle(.pageDown)
        XCTAssertEqual(helpOffset(model), maximum, "scrolling stops at the last page")
        let layout = ScreenLayout(rows: 24, cols: 80, panes: model.session.paneOrder, zoomed: nil, imageCount: 1)
        let grid = TextGrid(rows: 24, cols: 80)
        ScreenPainter(model: model, layout: layout, graphicsEnabled: true).paint(on: grid)
        let footer = grid.line(HelpOverlay.frame(rows: 24, cols: 80).bottom)
        XCTAssertTrue(footer.contains("PgUp PgDn scroll · \(maximum + 1)-\(helpLineCount(model)) of \(helpLineCount(model))"), footer)
        model.handle(.home)
        XCTAssertEqual(helpOffset(model), 0)
        model.handle(.pageDown)
        model.handle(.escape)
        model.handle(.char("?"))
        XCTAssertEqual(helpOffset(model), 0, "the help opens at the top")
        model.handle(.end)
        model.setScreenSize(rows: 48, cols: 160)
        XCTAssertEqual(helpOffset(model), 0, "on a screen where it all fits there is nothing to scroll")
    }

    func testHelpLinesAreNeverCut() {
        for width in [40, 76, 86] {
            for line in HelpText.lines(width: width) {
                XCTAssertLessThanOrEqual(line.count, width)
                XCTAssertFalse(line.contains("…"), "cut at width \(width): \(line)")
            }
        }
    }
}
