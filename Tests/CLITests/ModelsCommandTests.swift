import Foundation
import GenDegEngine
import XCTest

/// `gendeg models`: the bundled diffusion model and learned restorers, and the user's registry, with paths.
final class ModelsCommandTests: XCTestCase {
    var folder = ""

    override func setUpWithError() throws { folder = try CLI.temporaryFolder("models") }
    override func tearDown() { try? FileManager.default.removeItem(atPath: folder) }

    /// NAME -> (KIND, SOURCE, PATH) from the table.
    func rows(_ output: String) -> [String: [String]] {
        var rows: [String: [String]] = [:]
        for line in output.split(separator: "\n").dropFirst() where !line.hasPrefix("registry:") {
            let fields = line.split(separator: " ", maxSplits: 3, omittingEmptySubsequences: true).map(String.init)
            if fields.count == 4 { rows[fields[0]] = [fields[1], fields[2], fields[3].trimmingCharacters(in: .whitespaces)] }
        }
        return rows
    }

    func testListsBundledAndRegisteredModelsWithPathsThatExist() throws {
        let registry = "\(folder)/restorers.toml"
        try "[[restorer]]\nname = \"mine\"\npath = \"weights/mine.pth\"\n".write(toFile: registry, atomically: true, encoding: .utf8)
        let result = try CLI.run(["models", "--registry", registry])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stdout.hasPrefix("NAME"), result.stdout)
        let listed = rows(result.stdout)
        let small = try XCTUnwrap(listed["gendeg-small"], result.stdout)
        XCTAssertEqual(Array(small.prefix(2)), ["diffusion", "bundled"])
        XCTAssertTrue(FileManager.default.fileExists(atPath: "\(small[2])/gendeg.json"), small[2])
        for name in ["nafnet-small-physical", "nafnet-small-gendeg"] {
            let row = try XCTUnwrap(listed[name], result.stdout)
            XCTAssertEqual(Array(row.prefix(2)), ["restorer", "bundled"])
            XCTAssertTrue(FileManager.default.fileExists(atPath: row[2]), row[2])
        }
        XCTAssertEqual(listed["mine"], ["restorer", "user", "\(folder)/weights/mine.pth"], "relative to the registry file")
        XCTAssertTrue(result.stdout.contains("registry: \(registry)\n"), result.stdout)

        // The listed diffusion path is what --model takes, and what generate uses by default.
        let absent = try CLI.run(["models", "--registry", "\(folder)/absent.toml"])
        XCTAssertEqual(absent.status, 1)
        XCTAssertTrue(absent.stderr.contains("absent.toml"), absent.stderr)
    }

    func testTheDefaultRegistryMayBeAbsent() throws {
        let result = try CLI.run(["models"], environment: ["GENDEG_RESTORERS": "\(folder)/none.toml"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertNotNil(rows(result.stdout)["gendeg-small"])
        XCTAssertTrue(result.stdout.contains("registry: \(folder)/none.toml (absent)"), result.stdout)
    }
}
