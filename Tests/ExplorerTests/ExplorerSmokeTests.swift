import XCTest
@testable import GenDegExplorer
final class ExplorerSmokeTests: XCTestCase {
    func testName() { XCTAssertEqual(ExplorerInfo.name, "gendeg explorer") }
}
