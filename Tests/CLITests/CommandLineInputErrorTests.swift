import Foundation
import XCTest

/// Bad input files and contradictory options through the command line: a clear message on
/// stderr naming the file and the reason, a non-zero status, and never an output file.
final class CommandLineInputErrorTests: XCTestCase {
    var folder = ""
    var output: String { "\(folder)/out.png" }

    override func setUpWithError() throws {
        folder = try CLI.temporaryFolder("cli-input")
    }

    override func tearDown() {
        try? FileManager.default.removeItem(atPath: folder)
    }

    func fixture(_ name: String) -> String { "\(CLI.packageRoot())/Tests/EngineTests/Fixtures/images/\(name)" }

    func assertRefused(_ arguments: [String], mentions fragments: [String], environment: [String: String] = [:],
                       file: StaticString = #filePath, line: UInt = #line) throws {
        let result = try CLI.run(arguments, environment: environment)
        XCTAssertNotEqual(result.status, 0, "should fail: \(arguments)", file: file, line: line)
        for fragment in fragments {
            XCTAssertTrue(result.stderr.lowercased().contains(fragment.lowercased()),
                          "stderr should mention '\(fragment)': \(result.stderr)", file: file, line: line)
        }
        XCTAssertTrue(result.stdout.isEmpty, "errors belong on stderr: \(result.stdout)", file: file, line: line)
        XCTAssertFalse(FileManager.default.fileExists(atPath: output), "no output after an error", file: file, line: line)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder), [], "no temporary files", file: file, line: line)
    }

    func degrade(_ input: String) -> [String] { ["degrade", input, output, "--type", "haze", "--intensity", "0.3"] }

    func testEveryKindOfBadImageNamesTheFileAndTheReason() throws {
        let cases: [(String, String)] = [
            ("empty.png", "empty"), ("truncated.png", "truncated"), ("corrupt.png", "corrupt png"),
            ("truncated.jpg", "jpeg"), ("corrupt.jpg", "corrupt jpeg"), ("notanimage.gif", "unsupported format"),
            ("huge-header.png", "over the limit"),
        ]
        for (name, reason) in cases {
            try assertRefused(degrade(fixture(name)), mentions: [fixture(name), reason])
            try assertRefused(["restore", fixture(name), output, "--restorer", "dcp"], mentions: [fixture(name), reason])
            try assertRefused(["metrics", CLI.sample("coffee.png"), fixture(name)], mentions: [fixture(name), reason])
        }
    }

    func testMegapixelLimitIsSetByTheEnvironment() throws {
        // coffee.png is 600x400 = 0.24 megapixels.
        try assertRefused(degrade(CLI.sample("coffee.png")), mentions: ["coffee.png", "600x400", "0.24 megapixels", "GENDEG_MAX_MEGAPIXELS"],
                          environment: ["GENDEG_MAX_MEGAPIXELS": "0.2"])
        let allowed = try CLI.run(degrade(CLI.sample("coffee.png")), environment: ["GENDEG_MAX_MEGAPIXELS": "0.3"])
        XCTAssertEqual(allowed.status, 0, allowed.stderr)
    }

    func testContradictoryOptionsAreRefusedBeforeAnythingIsWritten() throws {
        try assertRefused(["degrade", CLI.sample("coffee.png"), output, "--type", "haze", "--intensity", "0.3",
                           "--kernel", "\(folder)/k.json"], mentions: ["--kernel", "motion-blur"])
        try assertRefused(["degrade", CLI.sample("coffee.png"), "\(folder)/out.jpg", "--type", "haze", "--intensity", "0.3"],
                          mentions: ["out.jpg", ".png"])
        try assertRefused(["restore", CLI.sample("coffee.png"), output, "--restorer", "dcp", "--reference", CLI.sample("chelsea.png")],
                          mentions: ["chelsea.png", "reference is"])
        try assertRefused(["restore", CLI.sample("coffee.png"), output, "--restorer", "dcp", "--reference", "/no/such.png"],
                          mentions: ["/no/such.png", "no such file"])
    }

    func testIdenticalImagesHaveInfinitePSNRWrittenAsNull() throws {
        let result = try CLI.run(["metrics", CLI.sample("coffee.png"), CLI.sample("coffee.png"), "--json"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        XCTAssertTrue(json["psnr"] is NSNull, "infinite PSNR is JSON null: \(result.stdout)")
        XCTAssertEqual(json["ssim"] as? Double ?? 0, 1, accuracy: 1e-9)
        XCTAssertEqual(json["mu"] as? Double ?? 1, 0, accuracy: 1e-12)
        XCTAssertEqual(json["sigma"] as? Double ?? 1, 0, accuracy: 1e-12)
    }

    func testRestorersListTheDegradationsEachTargets() throws {
        let list = try CLI.run(["restorers"])
        XCTAssertEqual(list.status, 0, list.stderr)
        let line = { (name: String) in list.stdout.split(separator: "\n").first { $0.hasPrefix(name + " ") }.map(String.init) ?? "" }
        XCTAssertTrue(line("dcp").contains("haze"), line("dcp"))
        XCTAssertTrue(line("lime").contains("low-light"), line("lime"))
        XCTAssertTrue(line("wiener").contains("motion-blur"), line("wiener"))
        XCTAssertTrue(line("derain").contains("rain"), line("derain"))
    }
}
