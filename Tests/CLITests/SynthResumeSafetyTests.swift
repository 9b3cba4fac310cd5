import Foundation
import XCTest

/// Re-running into an output folder must be the same run (a resume or another shard): a run
/// with other options is refused, naming them, and the folder is left as it was.
final class SynthResumeSafetyTests: XCTestCase {
    var folder = ""

    override func setUpWithError() throws { folder = try CLI.temporaryFolder("synth-resume") }
    override func tearDown() { try? FileManager.default.removeItem(atPath: folder) }

    func synth(_ out: String, _ extra: [String] = []) -> [String] {
        ["synth", "--images", CLI.sample("chelsea.png"), CLI.sample("rocket.jpg"), "--out", out, "--types", "haze,low-light",
         "--per-image", "1", "--seed", "5", "--workers", "2"] + extra
    }

    func testMismatchedResumeIsRefusedNamingTheOptions() throws {
        let out = "\(folder)/out"
        let first = try CLI.run(synth(out))
        XCTAssertEqual(first.status, 0, first.stderr)
        let run = try String(contentsOfFile: "\(out)/run.json", encoding: .utf8)
        let manifest = try String(contentsOfFile: "\(out)/manifest-0-of-1.jsonl", encoding: .utf8)
        let images = try SynthOutput.images(in: out)

        for (extra, named) in [
            (["--seed", "6"], ["--seed: 6 now, 5 in run.json"]),
            (["--intensity", "0.1"], ["--intensity: 0.1 now, gends in run.json"]),
            (["--intensity", "0.05-0.2"], ["--intensity: 0.05-0.2 now, gends in run.json"]),
            (["--types", "haze"], ["--types: haze now, haze,low-light in run.json"]),
            (["--per-image", "2"], ["--per-image: 2 now, 1 in run.json"]),
            (["--seed", "6", "--per-image", "2"], ["--seed: 6 now", "--per-image: 2 now"]),
            (["--generator", "diffusion", "--model", "\(CLI.packageRoot())/Tests/EngineTests/Fixtures/pipeline/tiny-gendeg"],
             ["--generator: tiny-gendeg now, physical in run.json", "--model: SHA-256 ", "--cfg-text: 7.5 now, none in run.json"]),
        ] {
            let result = try CLI.run(synth(out, extra))
            XCTAssertNotEqual(result.status, 0, "\(extra) was accepted into a run with other options")
            XCTAssertTrue(result.stderr.contains("resuming would mix two runs"), "\(extra): \(result.stderr)")
            for fragment in named { XCTAssertTrue(result.stderr.contains(fragment), "\(extra): '\(fragment)' not in \(result.stderr)") }
        }
        let otherImages = try CLI.run(["synth", "--images", CLI.sample("chelsea.png"), "--out", out, "--types", "haze,low-light",
                                       "--per-image", "1", "--seed", "5"])
        XCTAssertNotEqual(otherImages.status, 0)
        XCTAssertTrue(otherImages.stderr.contains("--images: 1 images"), otherImages.stderr)

        XCTAssertEqual(try String(contentsOfFile: "\(out)/run.json", encoding: .utf8), run, "refused runs leave run.json alone")
        XCTAssertEqual(try String(contentsOfFile: "\(out)/manifest-0-of-1.jsonl", encoding: .utf8), manifest)
        XCTAssertEqual(try SynthOutput.images(in: out), images, "refused runs write no image")
        XCTAssertEqual(SynthOutput.leftovers(in: out), [])
    }

    func testShardsWorkersAndInputOrderAreNotPartOfTheRun() throws {
        let out = "\(folder)/out"
        XCTAssertEqual(try CLI.run(synth(out, ["--shard", "0/2"])).status, 0)
        let second = try CLI.run(["synth", "--images", CLI.sample("rocket.jpg"), CLI.sample("chelsea.png"), "--out", out,
                                  "--types", "haze,low-light", "--per-image", "1", "--seed", "5", "--workers", "1", "--shard", "1/2"])
        XCTAssertEqual(second.status, 0, second.stderr)
        let again = try CLI.run(synth(out))
        XCTAssertEqual(again.status, 0, again.stderr)
        XCTAssertEqual(try SynthOutput.manifestLines("\(out)/manifest-0-of-1.jsonl").count, 4)
    }
}
