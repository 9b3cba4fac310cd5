import Foundation
import XCTest

/// `gendeg bench`'s table: every name in full, its unit once (in the unit column, not also in
/// the name, as "haze_ms 2.486 ms" had it). The numbers are not judged: speed is never asserted.
final class BenchTableTests: XCTestCase {
    func testRowsCarryFullNamesAndOneUnit() throws {
        let result = try CLI.run(["bench", "--suite", "physical", "--repetitions", "1"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let lines = result.stdout.split(separator: "\n").map(String.init)
        let types = ["haze", "rain", "snow", "motion-blur", "low-light", "raindrop"]
        let names = types + types.map { "calibrate \($0)" }
        XCTAssertEqual(lines.count, names.count, result.stdout)
        var valueColumn: Int?
        for (line, name) in zip(lines, names) {
            XCTAssertTrue(line.hasPrefix(name + "  "), "\(name) in full: \(line)")
            XCTAssertFalse(line.contains("_ms"), "the unit is said once: \(line)")
            XCTAssertTrue(line.hasSuffix(" ms"), line)
            let value = line.dropLast(3).split(separator: " ").last.map(String.init) ?? ""
            XCTAssertNotNil(Double(value), line)
            // Values are right-aligned in one column.
            let end = line.count - 3
            if let valueColumn { XCTAssertEqual(end, valueColumn, "aligned: \(line)") } else { valueColumn = end }
        }
    }
}
