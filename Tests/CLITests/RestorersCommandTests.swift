import Foundation
import XCTest

/// `gendeg restorers` lists classical, bundled and registered restorers with their targets, and
/// `explore --registry` reads the same registry.
final class RestorersCommandTests: XCTestCase {
    var folder = ""

    override func setUpWithError() throws {
        folder = try CLI.temporaryFolder("restorers")
    }

    override func tearDown() {
        try? FileManager.default.removeItem(atPath: folder)
    }

    /// name -> (kind, targets), from the listing's columns.
    func listing(_ stdout: String) -> [String: (String, String)] {
        var rows: [String: (String, String)] = [:]
        for line in stdout.split(separator: "\n").dropFirst() {
            let words = line.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
            guard words.count >= 3 else { continue }
            rows[words[0]] = (words[1], words[2])
        }
        return rows
    }

    func testListsClassicalBundledAndUserEntriesWithTargets() throws {
        let registry = "\(folder)/restorers.toml"
        try """
        [[restorer]]
        name = "night"
        path = "\(CLI.learnedFixture("zerodce_neuro_low_light.pth"))"

        [[restorer]]
        name = "deblur"
        path = "\(CLI.learnedFixture("nafnet_w8.pth"))"
        architecture = "nafnet"

        [[restorer]]
        name = "snowy"
        path = "\(CLI.learnedFixture("restormer_d4.pth"))"
        targets = ["snow", "rain"]
        summary = "a Restormer for snow"
        """.write(toFile: registry, atomically: true, encoding: .utf8)
        let result = try CLI.run(["restorers", "--registry", registry])
        XCTAssertEqual(result.status, 0, result.stderr)
        let rows = listing(result.stdout)
        XCTAssertEqual(rows["dcp"]?.0, "classical")
        XCTAssertEqual(rows["dcp"]?.1, "haze")
        XCTAssertEqual(rows["derain"]?.1, "rain,snow,raindrop")
        XCTAssertEqual(rows["nafnet-small-physical"]?.0, "bundled")
        XCTAssertEqual(rows["nafnet-small-physical"]?.1, "haze,rain,snow,motion-blur,low-light,raindrop")
        XCTAssertEqual(rows["nafnet-small-gendeg"]?.0, "bundled")
        // Undeclared architecture and targets: detected when listed.
        XCTAssertEqual(rows["night"]?.0, "user")
        XCTAssertEqual(rows["night"]?.1, "low-light")
        XCTAssertEqual(rows["deblur"]?.1, "motion-blur")
        XCTAssertEqual(rows["snowy"]?.1, "rain,snow")
        XCTAssertTrue(result.stdout.contains("a Restormer for snow"), result.stdout)
        XCTAssertTrue(result.stdout.contains("Zero-DCE++ (neuro-low-light)"), result.stdout)
    }

    func testBrokenRegistryNamesTheLine() throws {
        let registry = "\(folder)/broken.toml"
        try "[[restorer]]\nname = \"x\"\npath = \"a.pth\"\ntile_sise = 3\n".write(toFile: registry, atomically: true, encoding: .utf8)
        for command in [["restorers", "--registry", registry], ["explore", "--registry", registry, "--graphics", "none"]] {
            let result = try CLI.run(command)
            XCTAssertNotEqual(result.status, 0, command.joined(separator: " "))
            XCTAssertTrue(result.stderr.contains("broken.toml:4") && result.stderr.contains("tile_sise"), result.stderr)
        }
    }

    /// `explore --registry FILE` reads the registry before it takes the terminal: a good one gets
    /// as far as asking for a terminal (these tests have none).
    func testExploreAcceptsARegistry() throws {
        let registry = "\(folder)/good.toml"
        try "[[restorer]]\nname = \"night\"\npath = \"\(CLI.learnedFixture("zerodce_neuro_low_light.pth"))\"\n"
            .write(toFile: registry, atomically: true, encoding: .utf8)
        let result = try CLI.run(["explore", "--registry", registry, "--graphics", "none", "--tile-size", "128", "--no-tlc"])
        XCTAssertNotEqual(result.status, 0)
        XCTAssertTrue(result.stderr.contains("needs a terminal"), result.stderr)
    }
}
