import Foundation
import GenDegEngine
import GenDegTestSupport
@testable import GenDegExplorer
import XCTest

/// Every theme element is painted somewhere, so every colour a theme file sets is seen.
final class ThemeCoverageTests: XCTestCase {
    private func paint(_ model: ExplorerViewModel, into used: inout Set<ThemeElement>) -> TextGrid {
        let layout = ScreenLayout(rows: 48, cols: 160, panes: model.session.paneOrder, zoomed: nil,
                                  imageCount: model.session.imagePaths.count)
        let grid = TextGrid(rows: 48, cols: 160)
        ScreenPainter(model: model, layout: layout, graphicsEnabled: true).paint(on: grid)
        for row in grid.styles { used.formUnion(row) }
        return grid
    }

    func testThePainterUsesEveryThemeElement() throws {
        let diffusion = SteppingGenerator(steps: 40, stepDelay: 30_000)
        let session = try makeSession(paths: [try TestImages.writeGradient()], diffusion: diffusion)
        XCTAssertTrue(session.waitUntilIdle())
        let model = ExplorerViewModel(session: session, themes: ThemeStore(themes: [Theme.builtinDark]))
        var used = Set<ThemeElement>()

        // A diffusion run part-way: the progress bar has a done and a to-do part.
        model.handle(.char("g"))
        try session.pump(until: "six diffusion steps") { (session.jobs[.diffusion]?.step ?? 0) >= 6 }
        let grid = paint(model, into: &used)
        let status = grid.line(47)
        let firstTodo = try XCTUnwrap(status.firstIndex(of: "░"), status)
        XCTAssertEqual(grid.styles[47][status.distance(from: status.startIndex, to: firstTodo)], .progressTodo)
        XCTAssertEqual(grid.styles[47][1], .progressDone, status)
        model.handle(.escape)

        model.handle(.tab)  // the generator section: focused border and title, selection
        model.execute(command: "frobnicate")  // an error message
        _ = paint(model, into: &used)
        model.handle(.char(":"))
        _ = paint(model, into: &used)
        model.handle(.escape)
        model.handle(.char("?"))
        _ = paint(model, into: &used)

        XCTAssertEqual(Set(ThemeElement.allCases).subtracting(used), [], "theme elements never painted")
    }
}
