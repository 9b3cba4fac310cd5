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

    func manifestLines(_ path: String) throws -> [[String: Any]] {
        try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map {
            try XCTUnwrap(JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
    }

    /// Relative path -> bytes of every image in an output folder.
    func images(in out: String) throws -> [String: Data] {
        var result: [String: Data] = [:]
        let enumerator = FileManager.default.enumerator(atPath: out)!
        while let relative = enumerator.nextObject() as? String {
            if relative.hasSuffix(".png") { result[relative] = FileManager.default.contents(atPath: "\(out)/\(relative)") }
        }
        return result
    }

    func leftovers(in out: String) -> [String] {
        let enumerator = FileManager.default.enumerator(atPath: out)!
        var found: [String] = []
        while let relative = enumerator.nextObject() as? String {
            let name = (relative as NSString).lastPathComponent
            if name.hasPrefix(".") || name.contains(".tmp") || name.contains(".link-") { found.append(relative) }
        }
        return found
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
        let lines = try manifestLines("\(whole)/manifest.jsonl")
        XCTAssertEqual(lines.count, 4 * 3 * 2)
        XCTAssertEqual(try images(in: whole), try images(in: sharded))
        for line in lines {
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
        let before = try manifestLines(manifest).count
        XCTAssertGreaterThanOrEqual(before, 3)
        XCTAssertLessThan(before, 24, "the run finished before it could be killed; the test proves nothing")

        let resumed = try CLI.run(synth(out, ["--workers", "1"]))
        XCTAssertEqual(resumed.status, 0, resumed.stderr)
        let lines = try manifestLines(manifest)
        let ids = lines.map { $0["id"] as! String }
        XCTAssertEqual(ids.count, 24)
        XCTAssertEqual(Set(ids).count, 24, "duplicates in the manifest")
        XCTAssertEqual(leftovers(in: out), [], "partial or temporary files left behind")
        let files = try images(in: out)
        XCTAssertEqual(files.keys.filter { $0.contains("/input/") }.count, 24)
        for (name, bytes) in files where name.contains("/input/") {
            XCTAssertEqual(bytes.prefix(4), Data([0x89, 0x50, 0x4E, 0x47]), name)
        }
        let metrics = try CLI.run(["metrics", "\(out)/\(lines[0]["target"] as! String)", "\(out)/\(lines[0]["input"] as! String)", "--json"])
        XCTAssertEqual(metrics.status, 0, metrics.stderr)
    }

    func testSlurmJobArrayOnALocalCluster() throws {
        guard getuid() == 0, FileManager.default.isExecutableFile(atPath: "/usr/sbin/slurmctld") else {
            throw XCTSkip("needs root and Debian's slurmctld/slurmd/munge (make test installs them)")
        }
        let root = CLI.packageRoot()
        let state = "\(folder)/slurm"
        let start = Process()
        start.executableURL = URL(fileURLWithPath: "\(root)/scripts/slurm/local-cluster.sh")
        start.arguments = ["start", state]
        let pipe = Pipe()
        start.standardOutput = pipe
        try start.run()
        let conf = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        start.waitUntilExit()
        XCTAssertEqual(start.terminationStatus, 0, "local SLURM cluster did not start")
        defer {
            let stop = Process()
            stop.executableURL = URL(fileURLWithPath: "\(root)/scripts/slurm/local-cluster.sh")
            stop.arguments = ["stop", state]
            try? stop.run()
            stop.waitUntilExit()
        }
        let out = "\(folder)/array"
        let environment = ["SLURM_CONF": conf, "GENDEG": try CLI.binary()]
        func shell(_ command: [String]) throws -> Int32 {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = command
            var env = ProcessInfo.processInfo.environment
            for (key, value) in environment { env[key] = value }
            process.environment = env
            process.currentDirectoryURL = URL(fileURLWithPath: folder)
            try process.run()
            process.waitUntilExit()
            return process.terminationStatus
        }
        XCTAssertEqual(try shell(["sbatch", "--wait", "--array=0-3", "--export=ALL", "\(root)/scripts/slurm/synth-array.sbatch",
                                  CLI.samplesFolder, out, "--types", "haze,low-light,rain", "--per-image", "2", "--seed", "42"]), 0)
        XCTAssertEqual(try shell(["sbatch", "--wait", "--export=ALL", "\(root)/scripts/slurm/synth-merge.sbatch", out]), 0)
        let shards = try FileManager.default.contentsOfDirectory(atPath: out).filter { $0.hasPrefix("manifest-") }
        XCTAssertEqual(shards.sorted(), (0..<4).map { "manifest-\($0)-of-4.jsonl" })
        let merged = try manifestLines("\(out)/manifest.jsonl")
        XCTAssertEqual(merged.count, 24)
        // The same samples as a one-process run.
        let whole = "\(folder)/whole"
        XCTAssertEqual(try CLI.run(synth(whole)).status, 0)
        XCTAssertEqual(try CLI.run(["synth-merge", whole]).status, 0)
        XCTAssertEqual(try String(contentsOfFile: "\(out)/manifest.jsonl", encoding: .utf8),
                       try String(contentsOfFile: "\(whole)/manifest.jsonl", encoding: .utf8))
    }

    func testBadArgumentsAreClearErrors() throws {
        for (arguments, fragment) in [
            (synth("\(folder)/x", ["--shard", "3/3"]), "shard"),
            (["synth", "--images", "/no/such/folder", "--out", "\(folder)/x"], "no such file"),
            (synth("\(folder)/x", ["--intensity", "huge"]), "intensity"),
            (["synth", "--images", CLI.samplesFolder, "--out", "\(folder)/x", "--types", "hail"], "hail"),
            (synth("\(folder)/x", ["--generator", "diffusion"]), "--model"),
        ] {
            let result = try CLI.run(arguments)
            XCTAssertNotEqual(result.status, 0, "\(arguments)")
            XCTAssertTrue(result.stderr.contains(fragment), "\(arguments): \(result.stderr)")
        }
    }
}
