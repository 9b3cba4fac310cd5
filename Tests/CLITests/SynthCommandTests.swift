import Foundation
import XCTest

/// `gendeg synth` as users and clusters run it: sharded, killed, resumed, merged.
final class SynthCommandTests: XCTestCase {
    var folder = ""

    override func setUpWithError() throws { folder = try CLI.temporaryFolder("synth") }
    override func tearDown() { try? FileManager.default.removeItem(atPath: folder) }

    func synth(_ out: String, _ extra: [String] = []) -> [String] {
        ["synth", "--images", CLI.samplesFolder, "--out", out, "--types", "haze,low-light,rain", "--per-image", "2",
         "--seed", "42", "--workers", "2"] + extra
    }

    func testShardedRunsMakeTheSameSamplesAsOneRun() throws {
        let whole = "\(folder)/whole", sharded = "\(folder)/sharded"
        let result = try CLI.run(synth(whole))
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stdout.contains("samples per type"), result.stdout)
        for i in 0..<3 {
            let shard = try CLI.run(synth(sharded, ["--shard", "\(i)/3", "--workers", "1"]))
            XCTAssertEqual(shard.status, 0, shard.stderr)
        }
        XCTAssertEqual(try CLI.run(["synth-merge", whole]).status, 0)
        XCTAssertEqual(try CLI.run(["synth-merge", sharded]).status, 0)
        let a = try String(contentsOfFile: "\(whole)/manifest.jsonl", encoding: .utf8)
        let b = try String(contentsOfFile: "\(sharded)/manifest.jsonl", encoding: .utf8)
        XCTAssertEqual(a, b)
        let lines = try SynthOutput.manifestLines("\(whole)/manifest.jsonl")
        XCTAssertEqual(lines.count, 4 * 3 * 2)
        XCTAssertEqual(try SynthOutput.images(in: whole), try SynthOutput.images(in: sharded))
        for line in lines {
            XCTAssertEqual(Set(line.keys), SynthOutput.manifestKeys, "every key on every line")
            XCTAssertEqual(line["run_seed"] as? Int, 42)
            XCTAssertEqual(line["generator"] as? String, "physical")
            for key in ["model_sha256", "steps", "sampler", "cfg_text", "cfg_image"] {
                XCTAssertTrue(line[key] is NSNull, "physical samples have no \(key): \(line[key]!)")
            }
            XCTAssertTrue(["gends-histogram", "gends-uniform"].contains(line["intensity_source"] as? String), "\(line)")
            let target = line["target_mu"] as! Double, measured = line["measured_mu"] as! Double
            if !(line["clamped_to_reach"] as! Bool) { XCTAssertEqual(measured, target, accuracy: 0.0051, "\(line["id"]!)") }
            XCTAssertTrue(FileManager.default.fileExists(atPath: "\(whole)/\(line["input"] as! String)"))
            XCTAssertTrue(FileManager.default.fileExists(atPath: "\(whole)/\(line["target"] as! String)"))
        }
    }

    func testKilledRunResumesWithNoDuplicateMissingOrPartialFile() throws {
        let out = "\(folder)/killed"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try CLI.binary())
        process.arguments = synth(out, ["--workers", "1"])
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let manifest = "\(out)/manifest-0-of-1.jsonl"
        let deadline = Date().addingTimeInterval(120)
        while Date() < deadline {
            let lines = (try? String(contentsOfFile: manifest, encoding: .utf8))?.split(separator: "\n").count ?? 0
            if lines >= 3 { break }
            usleep(20_000)
        }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        let before = try SynthOutput.manifestLines(manifest).count
        XCTAssertGreaterThanOrEqual(before, 3)
        XCTAssertLessThan(before, 24, "the run finished before it could be killed; the test proves nothing")

        let resumed = try CLI.run(synth(out, ["--workers", "1"]))
        XCTAssertEqual(resumed.status, 0, resumed.stderr)
        let lines = try SynthOutput.manifestLines(manifest)
        let ids = lines.map { $0["id"] as! String }
        XCTAssertEqual(ids.count, 24)
        XCTAssertEqual(Set(ids).count, 24, "duplicates in the manifest")
        XCTAssertEqual(SynthOutput.leftovers(in: out), [], "partial or temporary files left behind")
        let files = try SynthOutput.images(in: out)
        XCTAssertEqual(files.keys.filter { $0.contains("/input/") }.count, 24)
        for (name, bytes) in files where name.contains("/input/") {
            XCTAssertEqual(bytes.prefix(4), Data([0x89, 0x50, 0x4E, 0x47]), name)
        }
        let metrics = try CLI.run(["metrics", "\(out)/\(lines[0]["target"] as! String)", "\(out)/\(lines[0]["input"] as! String)", "--json"])
        XCTAssertEqual(metrics.status, 0, metrics.stderr)
    }

    func testBadArgumentsAreClearErrors() throws {
        for (arguments, fragment) in [
            (synth("\(folder)/x", ["--shard", "3/3"]), "shard"),
            (["synth", "--images", "/no/such/folder", "--out", "\(folder)/x"], "no such file"),
            (synth("\(folder)/x", ["--intensity", "huge"]), "intensity"),
            (["synth", "--images", CLI.samplesFolder, "--out", "\(folder)/x", "--types", "hail"], "hail"),
            // Without --model, diffusion uses the bundled GenDeg-small (DefaultModelAndSigmaTests).
            (synth("\(folder)/x", ["--generator", "diffusion", "--model", "\(folder)/no-model"]), "\(folder)/no-model"),
            (synth("\(folder)/x", ["--cfg-text", "3"]), "--cfg-text needs --generator diffusion"),
            (synth("\(folder)/x", ["--steps", "4"]), "--steps needs --generator diffusion"),
        ] {
            let result = try CLI.run(arguments)
            XCTAssertNotEqual(result.status, 0, "\(arguments)")
            XCTAssertTrue(result.stderr.contains(fragment), "\(arguments): \(result.stderr)")
        }
    }
}
