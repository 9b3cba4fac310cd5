import GenDegEngine
import GenDegTestSupport
@testable import GenDegExplorer
import XCTest

/// The preview benchmark's coverage (not its speed, which `gendeg bench --suite preview` reports).
final class PreviewBenchmarkTests: XCTestCase {
    func testEveryTypeIsMeasuredThroughTheKeyPath() throws {
        let image = try TestImages.writeGradient(name: "bench.png")
        let results = try ExplorerApp.benchmarkPhysicalPreview(imagePath: image, pressesPerType: 2)
        for type in DegradationType.allCases {
            let time = try XCTUnwrap(results["\(type.rawValue)_keypress_to_sixel_ms"], type.rawValue)
            XCTAssertGreaterThan(time, 0, type.rawValue)
        }
        XCTAssertEqual(results["presses"], Double(2 * DegradationType.allCases.count))
        XCTAssertGreaterThan(results["sixel_bytes"] ?? 0, 1000, "real sixel data was produced")
        XCTAssertEqual(results["worst_type_keypress_to_sixel_ms"],
                       DegradationType.allCases.compactMap { results["\($0.rawValue)_keypress_to_sixel_ms"] }.max())
    }

    func testTheLoopPollsFastOnlyWhileWaiting() {
        XCTAssertLessThanOrEqual(ExplorerLoop.inputTimeoutMilliseconds(waiting: true), 5)
        XCTAssertGreaterThanOrEqual(ExplorerLoop.inputTimeoutMilliseconds(waiting: false), 20)
    }
}
