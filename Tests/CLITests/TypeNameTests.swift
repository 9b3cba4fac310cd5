import Foundation
import XCTest

/// Degradation type names: the six names in their documented spellings, and no synonyms.
final class TypeNameTests: XCTestCase {
    var folder = ""

    override func setUpWithError() throws { folder = try CLI.temporaryFolder("types") }
    override func tearDown() { try? FileManager.default.removeItem(atPath: folder) }

    func testSynonymsAreRefusedAndSpellingVariantsAccepted() throws {
        for synonym in ["fog", "blur", "dark", "hazy"] {
            let result = try CLI.run(["degrade", CLI.sample("coffee.png"), "\(folder)/o.png", "--type", synonym, "--intensity", "0.3"])
            XCTAssertNotEqual(result.status, 0, synonym)
            XCTAssertTrue(result.stderr.contains("'\(synonym)' is invalid") && result.stderr.contains("motion-blur"), result.stderr)
            let synth = try CLI.run(["synth", "--images", CLI.sample("coffee.png"), "--out", "\(folder)/s", "--types", synonym])
            XCTAssertEqual(synth.status, 1, synonym)
            XCTAssertTrue(synth.stderr.contains("unknown type '\(synonym)'"), synth.stderr)
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: "\(folder)/s/run.json"))
        for (spelling, canonical) in [("Motion_Blur", "motion-blur"), ("LOWLIGHT", "low-light"), ("raindrops", "raindrop")] {
            let result = try CLI.run(["degrade", CLI.sample("coffee.png"), "\(folder)/o.png", "--type", spelling, "--intensity", "0.3",
                                      "--json"])
            XCTAssertEqual(result.status, 0, "\(spelling): \(result.stderr)")
            XCTAssertTrue(result.stdout.contains("\"type\":\"\(canonical)\""), result.stdout)
        }
    }

    func testTheHelpSaysWhichSpellingsWork() throws {
        for command in ["degrade", "generate", "synth"] {
            let help = try CLI.run([command, "--help"], environment: ["COLUMNS": "1000"]).stdout
            XCTAssertTrue(help.contains("raindrops for raindrop"), "\(command): \(help)")
            XCTAssertTrue(help.contains("Synonyms such as fog, blur or dark are refused."), "\(command): \(help)")
        }
    }
}
