import GenDegEngine
@testable import GenDegExplorer
import XCTest

final class LayoutTests: XCTestCase {
    let kinds: [PaneKind] = [.clean, .physical, .diffusion, .restored("dcp"), .restored("lime")]

    func testNoImageReachesTheLastRowAndPanesStayOnScreen() {
        for (rows, cols) in [(24, 80), (48, 160), (30, 100), (60, 240), (25, 81)] {
            for count in 1...kinds.count {
                let layout = ScreenLayout(rows: rows, cols: cols, panes: Array(kinds.prefix(count)), zoomed: nil, imageCount: 4)
                XCTAssertNil(layout.tooSmallMessage)
                XCTAssertEqual(layout.panes.count, count)
                for pane in layout.panes {
                    XCTAssertLessThan(pane.imageArea.bottom, rows - 1, "\(rows)x\(cols): an image would reach the last row")
                    XCTAssertGreaterThan(pane.imageArea.rows, 0)
                    XCTAssertGreaterThan(pane.imageArea.cols, 3)
                    XCTAssertLessThanOrEqual(pane.frame.right, cols - 1)
                    XCTAssertGreaterThanOrEqual(pane.frame.row, 1, "below the header")
                    XCTAssertLessThan(pane.frame.bottom, layout.intensity.row, "above the intensity section")
                    XCTAssertGreaterThanOrEqual(pane.frame.col, ScreenLayout.sidebarWidth)
                    XCTAssertEqual(pane.metricsRow, pane.imageArea.bottom + 1)
                }
                for (i, a) in layout.panes.enumerated() {
                    for b in layout.panes[(i + 1)...] { XCTAssertFalse(a.frame.intersects(b.frame), "panes overlap") }
                }
                XCTAssertLessThan(layout.generator.bottom, rows - 1)
                XCTAssertEqual(layout.status.row, rows - 1)
            }
        }
    }

    func testZoomFillsTheScreenBetweenHeaderAndStatus() {
        let layout = ScreenLayout(rows: 48, cols: 160, panes: kinds, zoomed: .physical, imageCount: 4)
        XCTAssertEqual(layout.panes.count, 1)
        XCTAssertEqual(layout.panes[0].kind, .physical)
        XCTAssertEqual(layout.panes[0].frame, CellRect(row: 1, col: 0, rows: 46, cols: 160))
        XCTAssertLessThan(layout.panes[0].imageArea.bottom, 47)
    }

    func testTooSmallTerminalGetsAMessageInsteadOfALayout() {
        let layout = ScreenLayout(rows: 20, cols: 70, panes: kinds, zoomed: nil, imageCount: 4)
        XCTAssertEqual(layout.panes, [])
        XCTAssertTrue(layout.tooSmallMessage?.contains("70x20") ?? false)
        XCTAssertTrue(layout.tooSmallMessage?.contains("80x24") ?? false)
    }

    func testWideTerminalsPutPanesSideBySide() {
        let layout = ScreenLayout(rows: 48, cols: 160, panes: Array(kinds.prefix(3)), zoomed: nil, imageCount: 4)
        XCTAssertEqual(Set(layout.panes.map(\.frame.row)).count, 1, "three panes fit in one row at 160x48")
        let ordered = layout.panes.map(\.frame.col)
        XCTAssertEqual(ordered, ordered.sorted())
    }
}
