import Foundation
import GenDegEngine
import GenDegTestSupport
@testable import GenDegExplorer
import XCTest

/// The restorer picker overlay: every available restorer with a checkbox and its targets.
final class RestorerPickerTests: XCTestCase {
    private let restorers: [Restorer] = [
        StretchRestorer(name: "dehaze", summary: "removes haze", targets: [.haze]),
        StretchRestorer(name: "derain", summary: "removes rain", targets: [.rain, .snow]),
        StretchRestorer(name: "any", summary: "all-in-one", targets: Set(DegradationType.allCases)),
    ]

    private func model(restorers: [Restorer]? = nil, paths: [String]? = nil) throws -> ExplorerViewModel {
        let session = try makeSession(paths: try paths ?? [TestImages.writeGradient()], restorers: restorers ?? self.restorers)
        XCTAssertTrue(session.waitUntilIdle())
        return ExplorerViewModel(session: session, themes: ThemeStore(themes: [Theme.builtinDark]))
    }

    private func press(_ model: ExplorerViewModel, _ keys: String...) {
        for spelling in keys { model.handle(Key(spelling: spelling)!) }
    }

    private func render(_ model: ExplorerViewModel, rows: Int = 24, cols: Int = 80) -> TextGrid {
        let layout = ScreenLayout(rows: rows, cols: cols, panes: model.session.paneOrder, zoomed: nil,
                                  imageCount: model.session.imagePaths.count)
        let grid = TextGrid(rows: rows, cols: cols)
        ScreenPainter(model: model, layout: layout, graphicsEnabled: true).paint(on: grid)
        return grid
    }

    func testPickerTicksAndUnticksRestorerPanes() throws {
        let model = try model()
        XCTAssertEqual(model.session.shownRestorers, ["dehaze", "any"])
        let epoch = model.coverEpoch
        press(model, "p")
        XCTAssertTrue(model.overlays.last is RestorerPickerOverlay)
        XCTAssertGreaterThan(model.coverEpoch, epoch, "opening the picker re-sends images")
        press(model, "]")
        XCTAssertEqual(model.session.targetMu, 0.1, "other keys do nothing under the picker")
        press(model, "j", "<Space>")
        XCTAssertEqual(model.session.shownRestorers, ["dehaze", "any", "derain"])
        XCTAssertEqual(model.session.paneOrder.last, .restored("derain"))
        press(model, "k", "<Enter>")
        XCTAssertEqual(model.session.shownRestorers, ["any", "derain"])
        press(model, "<End>", "x")
        XCTAssertEqual(model.session.shownRestorers, ["derain"])
        XCTAssertTrue(model.session.waitUntilIdle())
        XCTAssertEqual(model.session.pane(.restored("derain")).phase, .ready, "a ticked restorer runs")
        press(model, "j", "j")
        XCTAssertEqual((model.overlays.last as? RestorerPickerOverlay)?.cursor.index, 2, "the cursor stops at the last restorer")
        press(model, "<Esc>")
        XCTAssertTrue(model.overlays.isEmpty)
        press(model, ":")
        for c in "restorers" { model.handle(.char(c)) }
        press(model, "<Enter>")
        let reopened = try XCTUnwrap(model.overlays.last as? RestorerPickerOverlay, ":restorers with no list opens the picker")
        XCTAssertEqual(reopened.cursor.index, 2, "the picker reopens where it was left")
        press(model, "p")
        XCTAssertTrue(model.overlays.isEmpty)
    }

    func testPickerShowsCheckboxesAndTargetsAndCoversImages() throws {
        let model = try model()
        press(model, "p", "j")
        let grid = render(model)
        let text = grid.text
        XCTAssertTrue(text.contains("Restorers · Space ticks"))
        let lines = text.split(separator: "\n").map(String.init)
        func line(_ name: String) throws -> String { try XCTUnwrap(lines.first { $0.contains("] \(name) ") }, "no line for \(name)") }
        XCTAssertTrue(try line("dehaze").contains("[x] dehaze"))
        XCTAssertTrue(try line("dehaze").contains("haze"))
        XCTAssertTrue(try line("derain").contains("[ ] derain"))
        XCTAssertTrue(try line("derain").contains("rain, snow"))
        XCTAssertTrue(try line("derain").contains("removes rain"))
        XCTAssertTrue(try line("any").contains("[x] any"))
        XCTAssertTrue(try line("any").contains("all types"))
        XCTAssertTrue(text.contains("2 of 3 shown"))
        let cursorRow = try XCTUnwrap(lines.firstIndex { $0.contains("] derain ") })
        let cursorCol = try XCTUnwrap(lines[cursorRow].range(of: "[ ] derain")).lowerBound.utf16Offset(in: lines[cursorRow])
        XCTAssertEqual(grid.styles[cursorRow][cursorCol], .selection, "the cursor's line is highlighted")
        let frame = try XCTUnwrap(model.overlayFrames(rows: 24, cols: 80).last)
        XCTAssertTrue(ScreenLayout(rows: 24, cols: 80, panes: model.session.paneOrder, zoomed: nil, imageCount: 1).panes
            .contains { $0.frame.intersects(frame) }, "the loop skips the images the picker covers")
    }

    func testPickerListsTheClassicalAndBundledLearnedRestorers() throws {
        let catalog = try RestorerCatalog.items()
        XCTAssertTrue(catalog.contains { $0.kind == .classical })
        XCTAssertTrue(catalog.contains { $0.kind == .bundled }, "the learned restorers are bundled")
        // No image: nothing runs, the picker only lists.
        let session = ExplorerSession(imagePaths: [], configuration: .init(physical: VeilGenerator(), catalog: try IntensityStatsCatalog.bundled(),
                                                                           restorers: catalog.map(\.restorer)))
        let model = ExplorerViewModel(session: session, themes: ThemeStore(themes: [Theme.builtinDark]))
        press(model, "p")
        let text = render(model).text
        for item in catalog {
            let ticked = session.shownRestorers.contains(item.restorer.name) ? "[x]" : "[ ]"
            XCTAssertTrue(text.contains("\(ticked) \(item.restorer.name) "), "the picker lacks \(item.restorer.name)")
        }
    }
}
