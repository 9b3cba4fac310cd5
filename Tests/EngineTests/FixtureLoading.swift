import Foundation
import XCTest

/// Decodes a JSON golden file from Tests/EngineTests/Fixtures/<folder>/<name>.json.
func loadFixture<T: Decodable>(_ type: T.Type, folder: String, name: String, file: StaticString = #filePath, line: UInt = #line) throws -> T {
    let url = try XCTUnwrap(Bundle.module.url(forResource: name, withExtension: "json", subdirectory: "Fixtures/\(folder)"),
                            "missing fixture \(folder)/\(name).json", file: file, line: line)
    return try JSONDecoder().decode(T.self, from: Data(contentsOf: url))
}

/// Asserts two float arrays agree elementwise within `tolerance` times the larger of 1 and the
/// expected array's largest magnitude.
func assertClose(_ actual: [Float], _ expected: [Float], relativeTo tolerance: Float, _ message: String = "",
                 file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertEqual(actual.count, expected.count, "count \(message)", file: file, line: line)
    guard actual.count == expected.count else { return }
    let scale = max(1, expected.map { abs($0) }.max() ?? 0)
    var worst: (Int, Float) = (0, 0)
    for i in actual.indices where !(abs(actual[i] - expected[i]) <= worst.1) { worst = (i, abs(actual[i] - expected[i])) }
    XCTAssertLessThanOrEqual(worst.1, tolerance * scale,
                             "\(message): worst at \(worst.0): \(actual[worst.0]) vs \(expected[worst.0])", file: file, line: line)
}
