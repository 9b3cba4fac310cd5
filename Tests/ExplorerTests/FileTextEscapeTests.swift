import Foundation
import GenDegEngine
@testable import GenDegExplorer
import GenDegTestSupport
import XCTest

/// Text from files (a registry's restorer names and summaries) reaches the screen with its
/// control characters shown, not sent: the surfaces escape everything they are given.
final class FileTextEscapeTests: XCTestCase {
    func testRestorerSummaryWithEscapesIsDrawnVisibly() throws {
        let restorers: [Restorer] = [
            StretchRestorer(name: "evil\u{1B}[2J", summary: "retitles\u{1B}]0;pwned\u{07} the window", targets: [.haze]),
        ]
        let session = try makeSession(paths: [TestImages.writeGradient()], restorers: restorers)
        XCTAssertTrue(session.waitUntilIdle())
        let model = ExplorerViewModel(session: session, themes: ThemeStore(themes: [Theme.builtinDark]))
        model.handle(Key(spelling: "p")!)
        let layout = ScreenLayout(rows: 24, cols: 100, panes: model.session.paneOrder, zoomed: nil,
                                  imageCount: model.session.imagePaths.count)
        let grid = TextGrid(rows: 24, cols: 100)
        ScreenPainter(model: model, layout: layout, graphicsEnabled: true).paint(on: grid)
        XCTAssertFalse(grid.text.contains("\u{1B}") || grid.text.contains("\u{07}"), grid.text)
        XCTAssertTrue(grid.text.contains("evil\\e[2J"), grid.text)
    }

    func testSurfacePutEscapesControlCharacters() {
        let grid = TextGrid(rows: 1, cols: 20)
        grid.put("a\u{1B}b\u{9B}c", row: 0, col: 0, style: .text)
        XCTAssertEqual(grid.line(0).trimmingCharacters(in: .whitespaces), "a\\eb\\u{9B}c")
    }
}
