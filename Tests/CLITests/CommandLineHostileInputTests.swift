import Foundation
import GenDegEngine
import XCTest

/// Hostile inputs through the real binary (issue 11): each must end with exit status 1 (never a
/// signal, never a hang), a message naming the flag or file, and nothing written: no output and
/// no temporary file.
final class CommandLineHostileInputTests: XCTestCase {
    var folder = ""
    var output: String { "\(folder)/out.png" }
    let coffee = CLI.sample("coffee.png")

    override func setUpWithError() throws {
        folder = try CLI.temporaryFolder("hostile")
    }

    override func tearDown() {
        try? FileManager.default.removeItem(atPath: folder)
    }

    /// Every entry under `folder`, hidden ones included, as paths relative to it.
    func contents() -> Set<String> {
        var found = Set<String>()
        let enumerator = FileManager.default.enumerator(atPath: folder)
        while let relative = enumerator?.nextObject() as? String { found.insert(relative) }
        return found
    }

    /// Runs `arguments` and checks the refusal; `keep` are the entries the test itself put in the folder.
    @discardableResult
    func assertRefused(_ arguments: [String], mentions fragments: [String], environment: [String: String] = [:],
                       keep: Set<String> = [], file: StaticString = #filePath, line: UInt = #line) throws -> CLI.Result {
        let result = try CLI.run(arguments, environment: environment, timeout: 120)
        XCTAssertFalse(result.timedOut, "hung: \(arguments)", file: file, line: line)
        XCTAssertFalse(result.signaled, "died of signal \(result.status): \(arguments)\n\(result.stderr)", file: file, line: line)
        XCTAssertEqual(result.status, 1, "exit status for \(arguments): \(result.stderr)", file: file, line: line)
        for fragment in fragments {
            XCTAssertTrue(result.stderr.contains(fragment), "stderr should name '\(fragment)': \(result.stderr)", file: file, line: line)
        }
        for raw in ["NSError", "Code=", "Cocoa error", "Fatal error"] {
            XCTAssertFalse(result.stderr.contains(raw), "raw error text '\(raw)': \(result.stderr)", file: file, line: line)
        }
        XCTAssertEqual(contents().subtracting(keep), [], "nothing written after a refusal: \(arguments)", file: file, line: line)
        return result
    }

    func degrade(_ extra: [String] = [], input: String? = nil) -> [String] {
        ["degrade", input ?? coffee, output, "--type", "haze", "--intensity", "0.3"] + extra
    }

    func generate(_ extra: [String]) -> [String] {
        ["generate", coffee, output, "--type", "haze", "--mu", "0.2", "--sigma", "0.05", "--steps", "1"] + extra
    }

    func synth(_ extra: [String]) -> [String] {
        ["synth", "--images", coffee, "--out", "\(folder)/set", "--types", "haze", "--per-image", "1"] + extra
    }

    func restore(_ extra: [String]) -> [String] {
        ["restore", coffee, output, "--restorer", "nafnet-small-physical"] + extra
    }

    // MARK: - Usage mistakes are refusals like the others

    func testUsageMistakesAlsoExitWithStatusOne() throws {
        try assertRefused(["degrade", coffee, output, "--type", "haze"], mentions: ["--intensity"])
        try assertRefused(generate(["--steps", "many"]), mentions: ["--steps"])
        try assertRefused(["degrade", coffee, output, "--type", "fog-of-war", "--intensity", "0.3"], mentions: ["fog-of-war"])
        try assertRefused(["restore", coffee, output, "--restorer", "dcp", "--no-tlc", "--tlc-train-size", "64"], mentions: ["--no-tlc"])
    }

    // MARK: - Point 3: duplicate types

    func testDuplicateTypesAreRefusedNotTrapped() throws {
        try assertRefused(synth(["--types", "haze,haze"]), mentions: ["--types", "'haze' is given twice"])
        try assertRefused(synth(["--types", "rain,snow,rain"]), mentions: ["--types", "'rain'"])
    }

    // MARK: - Points 4, 5, 6 and 21: size-like flags are range-checked before any allocation

    func testEverySizeLikeFlagHasARange() throws {
        let cases: [([String], [String])] = [
            (generate(["--resolution", "100000"]), ["--resolution", "100000", "8...4096"]),
            (generate(["--resolution", "9999999"]), ["--resolution", "9999999"]),
            (generate(["--resolution", "7"]), ["--resolution", "7"]),
            (generate(["--steps", "100000"]), ["--steps", "1...1000"]),
            (restore(["--tlc-train-size", "99999999999"]), ["--tlc-train-size", "99999999999"]),
            (restore(["--tile-size", "99999999"]), ["--tile-size"]),
            (restore(["--tile-overlap", "99999999"]), ["--tile-overlap"]),
            (restore(["--scale-factor", "99999999"]), ["--scale-factor"]),
            (synth(["--per-image", "100000000000"]), ["--per-image", "100000000000"]),
            (synth(["--workers", "0"]), ["--workers", "1...512"]),
            (synth(["--workers=-1"]), ["--workers", "-1"]),
            (synth(["--workers", "100000"]), ["--workers", "100000"]),
            (["bench", "--suite", "physical", "--repetitions", "0"], ["--repetitions"]),
        ]
        for (arguments, fragments) in cases { try assertRefused(arguments, mentions: fragments) }
    }

    func testResolutionMustSuitTheModel() throws {
        // GenDeg-small: a VAE that halves twice and a UNet that halves twice more, so multiples of 16.
        try assertRefused(generate(["--resolution", "100"]), mentions: ["--resolution", "multiple of 16", "96", "112"])
    }

    func testMemoryEstimatesAreComparedWithTheLimitBeforeARun() throws {
        // 2048 suits GenDeg-small's multiple, but its VAE attention alone needs about 256 GiB.
        let result = try assertRefused(generate(["--resolution", "2048"]), mentions: ["--resolution", "needs about", "GiB", "memory of"])
        XCTAssertTrue(result.stderr.contains(MemoryBudget.format(MemoryBudget.physicalBytes)), result.stderr)
        try assertRefused(restore(["--memory-limit", "16000000"]), mentions: ["--memory-limit", "needs about", "memory of"])
    }

    // MARK: - Point 7: non-finite numbers in every floating-point flag

    func testNonFiniteNumbersAreRefusedInEveryFlag() throws {
        for value in ["nan", "inf", "1e309", "-inf"] {
            try assertRefused(generate(["--cfg-text=\(value)"]), mentions: ["--cfg-text"])
            try assertRefused(generate(["--cfg-image=\(value)"]), mentions: ["--cfg-image"])
            try assertRefused(["generate", coffee, output, "--type", "haze", "--mu=\(value)", "--sigma", "0.05"], mentions: ["--mu"])
            try assertRefused(["generate", coffee, output, "--type", "haze", "--mu", "0.2", "--sigma=\(value)"], mentions: ["--sigma"])
            try assertRefused(["degrade", coffee, output, "--type", "haze", "--intensity=\(value)"], mentions: ["--intensity"])
            try assertRefused(["degrade", coffee, output, "--type", "haze", "--mu=\(value)"], mentions: ["--mu"])
            try assertRefused(synth(["--generator", "diffusion", "--cfg-text=\(value)"]), mentions: ["--cfg-text"])
            try assertRefused(synth(["--generator", "diffusion", "--cfg-image=\(value)"]), mentions: ["--cfg-image"])
        }
        let refused = try assertRefused(generate(["--cfg-text", "nan"]), mentions: ["not a finite number"])
        XCTAssertFalse(refused.stdout.contains("measured mu nan"))
    }

    // MARK: - Point 8: TLC below the network's minimum

    func testTLCTrainSizeBelowTheNetworksMinimumIsRefused() throws {
        for size in ["1", "8", "15"] {
            try assertRefused(restore(["--tlc-train-size", size]), mentions: ["--tlc-train-size", "minimum of 16", "nafnet-small-physical"])
        }
        // The minimum itself works and gives a picture, not the black image smaller sizes gave.
        let result = try CLI.run(restore(["--tlc-train-size", "16"]), timeout: 300)
        XCTAssertEqual(result.status, 0, result.stderr)
        let restored = try ImageIO.read(output)
        let mean = restored.pixels.reduce(0, +) / Float(restored.pixels.count)
        XCTAssertGreaterThan(mean, 0.1, "TLC 16 restores a picture")
    }

    // MARK: - Point 12: FIFOs, devices and sockets are refused before open()

    func testAFIFOAsAnyInputIsRefusedWithoutHanging() throws {
        let fifo = "\(folder)/pipe.png"
        XCTAssertEqual(mkfifo(fifo, 0o644), 0)
        let keep: Set<String> = ["pipe.png"]
        try assertRefused(degrade(input: fifo), mentions: [fifo, "FIFO"], keep: keep)
        try assertRefused(["metrics", coffee, fifo], mentions: [fifo, "FIFO"], keep: keep)
        try assertRefused(["inspect", fifo], mentions: [fifo, "FIFO"], keep: keep)
        try assertRefused(generate(["--model", fifo]), mentions: [fifo, "FIFO"], keep: keep)
        try assertRefused(["restore", coffee, output, "--checkpoint", fifo], mentions: [fifo, "FIFO"], keep: keep)
        try assertRefused(["restore", coffee, output, "--restorer", "wiener", "--kernel", fifo], mentions: [fifo, "FIFO"], keep: keep)
        try assertRefused(["restorers", "--registry", fifo], mentions: [fifo, "FIFO"], keep: keep)
        try assertRefused(["synth", "--images", fifo, "--out", "\(folder)/set"], mentions: [fifo, "FIFO"], keep: keep)
        try assertRefused(degrade(input: "/dev/zero"), mentions: ["/dev/zero", "character device"], keep: keep)
    }

    // MARK: - Point 13: outputs never overwrite inputs, and all inputs are read before any output is written

    func testAnOutputThatIsAlsoAnInputIsRefused() throws {
        let copy = "\(folder)/in.png"
        try FileManager.default.copyItem(atPath: coffee, toPath: copy)
        let before = try Data(contentsOf: URL(fileURLWithPath: copy))
        try assertRefused(["degrade", coffee, output, "--type", "motion-blur", "--intensity", "0.3", "--kernel", output],
                          mentions: ["--kernel", output, "OUTPUT"], keep: ["in.png"])
        try assertRefused(["degrade", copy, copy, "--type", "haze", "--intensity", "0.3"], mentions: ["OUTPUT", copy, "INPUT"], keep: ["in.png"])
        try assertRefused(["restore", copy, copy, "--restorer", "dcp"], mentions: ["OUTPUT", copy], keep: ["in.png"])
        try assertRefused(["generate", copy, copy, "--type", "haze", "--mu", "0.2", "--sigma", "0.05"], mentions: ["OUTPUT", copy], keep: ["in.png"])
        // A symbolic link to the input is the input.
        XCTAssertEqual(symlink(copy, "\(folder)/link.png"), 0)
        try assertRefused(["degrade", copy, "\(folder)/link.png", "--type", "haze", "--intensity", "0.3"], mentions: ["OUTPUT"],
                          keep: ["in.png", "link.png"])
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: copy)), before, "the input is untouched")
    }

    func testAKernelPathThatCannotBeWrittenLeavesNoImage() throws {
        let result = try assertRefused(["degrade", coffee, output, "--type", "motion-blur", "--intensity", "0.3",
                                        "--kernel", "\(folder)/nodir/k.json"], mentions: ["nodir/k.json", "no such file or folder"])
        XCTAssertFalse(result.stderr.contains("permission"), "a missing folder is not a permission problem: \(result.stderr)")
    }

    // MARK: - Point 15: the megapixel limit from the environment

    func testMegapixelVariableMustBeAFiniteBoundedNumber() throws {
        for value in ["1e308", "nan", "inf", "-5", "0", "lots"] {
            let result = try assertRefused(degrade(), mentions: ["GENDEG_MAX_MEGAPIXELS"], environment: ["GENDEG_MAX_MEGAPIXELS": value])
            XCTAssertFalse(result.stderr.contains("-9.22e+12"), result.stderr)
        }
        let allowed = try CLI.run(degrade(), environment: ["GENDEG_MAX_MEGAPIXELS": "100000"])
        XCTAssertEqual(allowed.status, 0, allowed.stderr)
    }

    // MARK: - Point 16: terminals curses cannot drive

    /// Runs `gendeg explore` on a pseudo-terminal (util-linux `script`), with `term` as TERM (nil: unset).
    func exploreOnATerminal(term: String?) throws -> (status: Int32, output: String) {
        let binary = try CLI.binary()
        let environment = term.map { "TERM=\($0)" } ?? "-u TERM"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/script")
        process.arguments = ["-qec", "env \(environment) '\(binary)' explore --graphics none", "/dev/null"]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = out
        process.standardInput = FileHandle.nullDevice
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/script") else { throw XCTSkip("util-linux script is not installed") }
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        XCTAssertEqual(process.terminationReason, .exit)
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    func testDumbUnknownAndUnsetTerminalsAreRefusedBeforeCurses() throws {
        for (term, fragment) in [("dumb", "TERM=dumb"), ("no-such-terminal", "TERM=no-such-terminal"), (nil, "TERM is not set")] as [(String?, String)] {
            let (status, text) = try exploreOnATerminal(term: term)
            XCTAssertEqual(status, 1, text)
            XCTAssertTrue(text.contains(fragment), text)
            XCTAssertTrue(text.contains("cannot draw on this terminal"), text)
        }
    }

    // MARK: - Point 19: one run per shard at a time

    func testASecondRunOfABusyShardIsRefusedNamingTheHolder() throws {
        let out = "\(folder)/set"
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        let lockPath = "\(out)/.manifest-0-of-1.lock"
        let descriptor = open(lockPath, O_RDWR | O_CREAT, 0o644)
        XCTAssertGreaterThanOrEqual(descriptor, 0)
        XCTAssertEqual(flock(descriptor, LOCK_EX | LOCK_NB), 0)
        let pid = Array("\(getpid())\n".utf8)
        _ = pid.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        try assertRefused(synth([]), mentions: [out, "shard 0/1", "process \(getpid())"], keep: ["set", "set/.manifest-0-of-1.lock"])
        close(descriptor)
        let free = try CLI.run(synth([]))
        XCTAssertEqual(free.status, 0, free.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: lockPath), "a finished run removes its lock")
    }

    func testTwoIdenticalRunsStartedTogetherNeverDuplicateSamples() throws {
        let out = "\(folder)/set"
        let arguments = ["synth", "--images", CLI.samplesFolder, "--out", out, "--types", "haze,rain", "--per-image", "2", "--workers", "1"]
        var results = [CLI.Result?](repeating: nil, count: 2)
        DispatchQueue.concurrentPerform(iterations: 2) { index in
            results[index] = try? CLI.run(arguments, timeout: 600)
        }
        let finished = results.compactMap { $0 }
        XCTAssertEqual(finished.count, 2)
        XCTAssertTrue(finished.contains { $0.status == 0 }, finished.map(\.stderr).joined())
        for result in finished where result.status != 0 {
            XCTAssertEqual(result.status, 1)
            XCTAssertTrue(result.stderr.contains("is being written by process"), result.stderr)
        }
        let lines = try SynthOutput.manifestLines("\(out)/manifest-0-of-1.jsonl")
        let ids = lines.compactMap { $0["id"] as? String }
        XCTAssertEqual(ids.count, Set(ids).count, "no sample twice in the manifest")
        XCTAssertEqual(ids.count, 4 * 2 * 2)
    }

    // MARK: - Point 20: temporaries of killed runs are removed on resume

    func testStaleTemporariesOfDeadProcessesAreRemovedOnResume() throws {
        let out = "\(folder)/set"
        try FileManager.default.createDirectory(atPath: "\(out)/haze/input", withIntermediateDirectories: true)
        // A pid that certainly ran and is gone: a child that has exited.
        let child = Process()
        child.executableURL = URL(fileURLWithPath: "/bin/true")
        try child.run()
        child.waitUntilExit()
        let dead = child.processIdentifier
        let stale = ["\(out)/.run.json.\(dead).123.tmp", "\(out)/.manifest-0-of-1.jsonl.\(dead).9.tmp",
                     "\(out)/haze/input/.other-abc_0.png.\(dead).77.tmp"]
        let live = "\(out)/.run.json.\(getpid()).5.tmp"
        for path in stale + [live] { XCTAssertTrue(FileManager.default.createFile(atPath: path, contents: Data("x".utf8))) }
        let result = try CLI.run(synth([]))
        XCTAssertEqual(result.status, 0, result.stderr)
        for path in stale { XCTAssertFalse(FileManager.default.fileExists(atPath: path), "stale \(path) removed") }
        XCTAssertTrue(FileManager.default.fileExists(atPath: live), "a live process's temporary stays")
    }

    // MARK: - Point 21: Foundation errors in plain words

    func testMissingAndUnwritableFoldersAreNamedPlainly() throws {
        let missing = try assertRefused(degrade().map { $0 == output ? "\(folder)/nodir/out.png" : $0 },
                                        mentions: ["nodir/out.png", "no such file or folder"])
        XCTAssertFalse(missing.stderr.contains("permission"), missing.stderr)
        try assertRefused(["synth-merge", "\(folder)/no-such-run"], mentions: ["no-such-run", "no such file or folder"])
        // A folder nobody may write into: /sys for root (who may write anywhere else), else a chmod 555 folder.
        let locked: String
        if geteuid() == 0 {
            locked = "/sys"
        } else {
            locked = "\(folder)/locked"
            try FileManager.default.createDirectory(atPath: locked, withIntermediateDirectories: false)
            chmod(locked, 0o555)
        }
        defer { chmod(locked, 0o755) }
        let keep: Set<String> = locked.hasPrefix(folder) ? ["locked"] : []
        let result = try assertRefused(degrade().map { $0 == output ? "\(locked)/out.png" : $0 }, mentions: ["\(locked)/out.png"], keep: keep)
        XCTAssertTrue(result.stderr.contains("permission denied") || result.stderr.contains("read-only file system"), result.stderr)
        try assertRefused(["synth", "--images", coffee, "--out", "\(locked)/set"], mentions: ["\(locked)/set"], keep: keep)
    }
}
