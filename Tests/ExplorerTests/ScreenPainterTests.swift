import Foundation
import GenDegEngine
import GenDegTestSupport
@testable import GenDegExplorer
import XCTest

final class ScreenPainterTests: XCTestCase {
    private func render(_ model: ExplorerViewModel, rows: Int = 48, cols: Int = 160, graphics: Bool = true) -> TextGrid {
        let layout = ScreenLayout(rows: rows, cols: cols, panes: model.session.paneOrder, zoomed: model.zoomed,
                                  imageCount: model.session.imagePaths.count)
        let grid = TextGrid(rows: rows, cols: cols)
        ScreenPainter(model: model, layout: layout, graphicsEnabled: graphics).paint(on: grid)
        return grid
    }

    private func readyModel() throws -> ExplorerViewModel {
        let session = try makeSession(paths: [try TestImages.writeGradient(name: "scene.png")])
        XCTAssertTrue(session.waitUntilIdle())
        return ExplorerViewModel(session: session, themes: ThemeStore(themes: [Theme.builtinDark]))
    }

    func testMainScreenShowsEverySection() throws {
        let model = try readyModel()
        let grid = render(model)
        let text = grid.text
        XCTAssertTrue(grid.line(0).contains("scene.png 64x48"))
        for title in ["Images", "Degradation", "Generator", "Intensity · haze", "Clean", "Physical · haze", "stretch-a ← physical"] {
            XCTAssertTrue(text.contains("─ \(title) "), "missing section \(title)")
        }
        XCTAssertTrue(text.contains(ExplorerSession.noDiffusionMessage))
        XCTAssertTrue(text.contains("mu 0.100"))
        XCTAssertTrue(text.contains("▲1 RESIDE"), "dataset medians are labelled")
        XCTAssertTrue(text.contains("PSNR"))
        XCTAssertTrue(grid.line(47).contains("ready"))
        XCTAssertTrue(grid.line(47).contains("e export"))
    }

    func testHelpOverlayListsEveryKey() throws {
        let model = try readyModel()
        model.handle(.char("?"))
        let text = render(model).text
        for binding in KeyBindings.all { XCTAssertTrue(text.contains(binding.keys), "help lacks \(binding.keys)") }
    }

    func testTooSmallTerminalShowsOnlyTheMessage() throws {
        let model = try readyModel()
        let grid = render(model, rows: 20, cols: 60)
        XCTAssertTrue(grid.text.contains("Terminal too small"))
        XCTAssertFalse(grid.text.contains("Degradation"))
    }

    func testStatusLineShowsProgressAndTheCommandLine() throws {
        let diffusion = SteppingGenerator(steps: 300, stepDelay: 5_000)
        let session = try makeSession(paths: [try TestImages.writeGradient()], diffusion: diffusion, restorers: [])
        XCTAssertTrue(session.waitUntilIdle())
        let model = ExplorerViewModel(session: session, themes: ThemeStore(themes: [Theme.builtinDark]))
        model.handle(.char("g"))
        try session.pump(until: "three diffusion steps") { (session.jobs[.diffusion]?.step ?? 0) >= 3 }
        let status = render(model).line(47)
        XCTAssertTrue(status.contains("stepper"), status)
        XCTAssertTrue(status.contains("/300"), status)
        XCTAssertTrue(status.contains("left"), "an ETA is shown: \(status)")
        XCTAssertTrue(status.contains("Esc cancels"))
        XCTAssertTrue(status.contains("░"))
        model.handle(.escape)
        model.handle(.char(":"))
        model.handle(.char("m"))
        XCTAssertTrue(render(model).line(47).hasPrefix(":m█"))
    }

    func testErrorsAreStyledByTheirSeverity() throws {
        let model = try readyModel()
        model.execute(command: "seed lots")
        XCTAssertEqual(model.notice, .error("seed needs a whole number"))
        let grid = render(model)
        let col = try XCTUnwrap(grid.line(47).range(of: "seed needs")).lowerBound.utf16Offset(in: grid.line(47))
        XCTAssertEqual(grid.styles[47][col], .error)
        model.execute(command: "export-dir")
        XCTAssertEqual(model.notice?.severity, .info)
        let info = render(model)
        let infoCol = try XCTUnwrap(info.line(47).range(of: "export folder")).lowerBound.utf16Offset(in: info.line(47))
        XCTAssertEqual(info.styles[47][infoCol], .status)
    }

    func testZoomedPaneFillsTheScreenAndNoGraphicsModeDescribesImages() throws {
        let model = try readyModel()
        model.handle(.char("z"))
        let text = render(model, graphics: false).text
        XCTAssertTrue(text.contains("─ Clean "))
        XCTAssertFalse(text.contains("Degradation"))
        XCTAssertTrue(text.contains("[image 64x48]"))
    }
}
