import Foundation
import XCTest

/// The SLURM recipe: scripts/slurm/synth-array.sbatch maps array task IDs to shards, and a real
/// job array on a one-node cluster on loopback makes the same samples as one process.
final class SynthSlurmTests: XCTestCase {
    var folder = ""
    let root = CLI.packageRoot()

    override func setUpWithError() throws { folder = try CLI.temporaryFolder("synth-slurm") }
    override func tearDown() { try? FileManager.default.removeItem(atPath: folder) }

    struct Run {
        let status: Int32
        let output: String
    }

    func run(_ command: [String], environment: [String: String] = [:], directory: String? = nil) throws -> Run {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = command
        var env = ProcessInfo.processInfo.environment
        for (key, value) in environment { env[key] = value }
        process.environment = env
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return Run(status: process.terminationStatus, output: output)
    }

    /// The sbatch script run by hand as SLURM would run one array task, with `echo` as gendeg.
    func arrayTask(id: Int, min: Int, max: Int, step: Int, count: Int) throws -> Run {
        try run(["bash", "\(root)/scripts/slurm/synth-array.sbatch", "IMAGES", "OUT", "--seed", "3"], environment: [
            "GENDEG": "echo", "SLURM_ARRAY_TASK_ID": "\(id)", "SLURM_ARRAY_TASK_MIN": "\(min)", "SLURM_ARRAY_TASK_MAX": "\(max)",
            "SLURM_ARRAY_TASK_STEP": "\(step)", "SLURM_ARRAY_TASK_COUNT": "\(count)", "SLURM_CPUS_PER_TASK": "2",
        ])
    }

    func testArrayTaskIDsBecomeShardsForRangesWithAndWithoutStep() throws {
        for (ids, step) in [(Array(0...3), 1), (Array(1...4), 1), (Array(stride(from: 0, through: 14, by: 2)), 2),
                            (Array(stride(from: 1, through: 10, by: 3)), 3)] {
            for (shard, id) in ids.enumerated() {
                let task = try arrayTask(id: id, min: ids.first!, max: ids.last!, step: step, count: ids.count)
                XCTAssertEqual(task.status, 0, task.output)
                XCTAssertEqual(task.output.trimmingCharacters(in: .whitespacesAndNewlines),
                               "synth --images IMAGES --out OUT --shard \(shard)/\(ids.count) --workers 2 --seed 3", "IDs \(ids)")
            }
        }
    }

    func testArrayListsAreRefused() throws {
        // --array=0,3,7: SLURM reports min 0, max 7, 3 tasks; the IDs cannot say which shards are missing.
        let task = try arrayTask(id: 3, min: 0, max: 7, step: 1, count: 3)
        XCTAssertEqual(task.status, 2)
        XCTAssertTrue(task.output.contains("--array must be a range"), task.output)
    }

    /// How to run the cluster's daemons: directly as root, or through passwordless sudo.
    func privilegePrefix() throws -> [String] {
        var missing: [String] = []
        for daemon in ["/usr/sbin/slurmctld", "/usr/sbin/slurmd", "/usr/sbin/munged", "/usr/bin/sbatch"]
        where !FileManager.default.isExecutableFile(atPath: daemon) {
            missing.append(daemon)
        }
        if !missing.isEmpty {
            throw XCTSkip("SLURM job-array test skipped: \(missing.joined(separator: ", ")) not installed "
                          + "(Debian's slurmctld, slurmd, slurm-client and munge; `make test` installs them)")
        }
        if getuid() == 0 { return [] }
        if (try? run(["sudo", "-n", "true"]))?.status == 0 { return ["sudo", "-n"] }
        throw XCTSkip("SLURM job-array test skipped: starting slurmctld, slurmd and munged needs root, and this user "
                      + "(uid \(getuid())) is not root and has no passwordless sudo (`sudo -n true` failed)")
    }

    func testSlurmJobArrayOnALocalCluster() throws {
        let privilege = try privilegePrefix()
        let state = "\(folder)/slurm"
        let cluster = "\(root)/scripts/slurm/local-cluster.sh"
        let started = try run(privilege + [cluster, "start", state])
        defer {
            _ = try? run(privilege + [cluster, "stop", state])
            if !privilege.isEmpty { _ = try? run(privilege + ["rm", "-rf", state]) }
        }
        XCTAssertEqual(started.status, 0, "local SLURM cluster did not start: \(started.output)")
        guard started.status == 0, let conf = started.output.split(separator: "\n").last.map(String.init) else { return }
        let environment = ["SLURM_CONF": conf, "GENDEG": try CLI.binary()]
        let options = ["--types", "haze,low-light,rain", "--per-image", "2", "--seed", "42"]
        let out = "\(folder)/array"
        // IDs 1, 3, 5, 7: a step and a start above 0, so shards 0-3 come only from rebasing.
        let array = try run(["sbatch", "--wait", "--array=1-7:2", "--export=ALL", "\(root)/scripts/slurm/synth-array.sbatch",
                             CLI.samplesFolder, out] + options, environment: environment, directory: folder)
        XCTAssertEqual(array.status, 0, array.output)
        let merge = try run(["sbatch", "--wait", "--export=ALL", "\(root)/scripts/slurm/synth-merge.sbatch", out],
                            environment: environment, directory: folder)
        XCTAssertEqual(merge.status, 0, merge.output)
        let shards = try FileManager.default.contentsOfDirectory(atPath: out).filter { $0.hasPrefix("manifest-") }
        XCTAssertEqual(shards.sorted(), (0..<4).map { "manifest-\($0)-of-4.jsonl" })
        XCTAssertEqual(try SynthOutput.manifestLines("\(out)/manifest.jsonl").count, 24)
        // The same samples as a one-process run.
        let whole = "\(folder)/whole"
        let one = try CLI.run(["synth", "--images", CLI.samplesFolder, "--out", whole, "--workers", "2"] + options)
        XCTAssertEqual(one.status, 0, one.stderr)
        XCTAssertEqual(try CLI.run(["synth-merge", whole]).status, 0)
        XCTAssertEqual(try String(contentsOfFile: "\(out)/manifest.jsonl", encoding: .utf8),
                       try String(contentsOfFile: "\(whole)/manifest.jsonl", encoding: .utf8))
        XCTAssertEqual(try SynthOutput.images(in: out), try SynthOutput.images(in: whole))
    }
}
