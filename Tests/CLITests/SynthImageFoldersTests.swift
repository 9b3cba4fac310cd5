import Foundation
import GenDegEngine
import XCTest

/// `--images`: folders are searched recursively, several folders and files may be given, and
/// an output folder inside an input folder is not read back as input.
final class SynthImageFoldersTests: XCTestCase {
    var folder = ""

    override func setUpWithError() throws { folder = try CLI.temporaryFolder("synth-images") }
    override func tearDown() { try? FileManager.default.removeItem(atPath: folder) }

    /// Writes a small crop of a bundled sample at `relative` under the test folder.
    func photo(_ sample: String, at relative: String, width: Int = 24, height: Int = 20) throws {
        let path = "\(folder)/\(relative)"
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try ImageIO.writePNG(try ImageIO.read(CLI.sample(sample)).resized(width: width, height: height), to: path)
    }

    func sources(_ out: String) throws -> [String] {
        try SynthOutput.manifestLines("\(out)/manifest-0-of-1.jsonl").map { $0["source_path"] as! String }
    }

    func testFoldersAreSearchedRecursivelyAndSeveralAreMerged() throws {
        try photo("chelsea.png", at: "a/top.png")
        try photo("coffee.png", at: "a/train/scene-1/deep.png")
        try photo("astronaut.png", at: "a/train/scene-2/sub/deeper.png", width: 18)
        try photo("rocket.jpg", at: "a/.cache/hidden.png")
        try photo("rocket.jpg", at: "b/other.png", width: 30)
        try Data("not an image".utf8).write(to: URL(fileURLWithPath: "\(folder)/a/train/notes.txt"))
        let out = "\(folder)/out"
        let result = try CLI.run(["synth", "--images", "\(folder)/a", "\(folder)/b", "--out", out, "--types", "haze",
                                  "--per-image", "1", "--workers", "2"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(Set(try sources(out).map { $0.replacingOccurrences(of: folder + "/", with: "") }),
                       ["a/top.png", "a/train/scene-1/deep.png", "a/train/scene-2/sub/deeper.png", "b/other.png"],
                       "nested photos found, hidden folders skipped, both folders read")
    }

    func testOutputInsideTheInputFolderIsNotReadAsInput() throws {
        try photo("chelsea.png", at: "data/one.png")
        try photo("coffee.png", at: "data/nested/two.png")
        let out = "\(folder)/data/synth-out"
        let arguments = ["synth", "--images", "\(folder)/data", "--out", out, "--types", "haze,rain", "--per-image", "1"]
        XCTAssertEqual(try CLI.run(arguments).status, 0)
        // The second run sees the first run's PNGs under data/synth-out; they must not count.
        let again = try CLI.run(arguments)
        XCTAssertEqual(again.status, 0, again.stderr)
        XCTAssertEqual(try sources(out).count, 4)
    }

    func testFolderWithNoImageAnywhereIsAnError() throws {
        try FileManager.default.createDirectory(atPath: "\(folder)/empty/deeper", withIntermediateDirectories: true)
        let result = try CLI.run(["synth", "--images", "\(folder)/empty", "--out", "\(folder)/out"])
        XCTAssertNotEqual(result.status, 0)
        XCTAssertTrue(result.stderr.contains("no PNG or JPEG images"), result.stderr)
    }
}
