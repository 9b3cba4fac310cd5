import Foundation
import XCTest
@testable import GenDegEngine

/// Hostile files through the real binary (issue 11): each is refused with exit status 1 (never
/// a signal), stderr names the file, and no output or temporary file is left behind.
final class CommandLineHostileFileInputTests: XCTestCase {
    var folder = ""
    var output: String { "\(folder)/out.png" }
    var degraded: String { "\(folder)/in.png" }

    override func setUpWithError() throws {
        folder = try CLI.temporaryFolder("hostile-files")
        try ImageIO.writePNG(try ImageIO.read(CLI.sample("chelsea.png")).resized(width: 48, height: 32), to: degraded)
    }

    override func tearDown() {
        try? FileManager.default.removeItem(atPath: folder)
    }

    struct Outcome {
        let status: Int32
        let exited: Bool
        let stdout: String
        let stderr: String
    }

    /// Runs the binary, optionally under `ulimit -v` (kilobytes of address space).
    func run(_ arguments: [String], environment: [String: String] = [:], addressSpaceKB: Int? = nil) throws -> Outcome {
        let process = Process()
        let binary = try CLI.binary()
        if let addressSpaceKB {
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = ["-c", "ulimit -v \(addressSpaceKB) && exec \"$0\" \"$@\"", binary] + arguments
        } else {
            process.executableURL = URL(fileURLWithPath: binary)
            process.arguments = arguments
        }
        var env = ProcessInfo.processInfo.environment
        for (key, value) in environment { env[key] = value }
        process.environment = env
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Outcome(status: process.terminationStatus, exited: process.terminationReason == .exit,
                       stdout: String(decoding: outData, as: UTF8.self), stderr: String(decoding: errData, as: UTF8.self))
    }

    /// Exit status 1 by exit (not a signal), every fragment in stderr, and the folder holding
    /// only what it held before.
    @discardableResult
    func assertRefused(_ arguments: [String], mentions fragments: [String], environment: [String: String] = [:],
                       addressSpaceKB: Int? = nil, file: StaticString = #filePath, line: UInt = #line) throws -> Outcome {
        let before = Set(try FileManager.default.contentsOfDirectory(atPath: folder))
        let result = try run(arguments, environment: environment, addressSpaceKB: addressSpaceKB)
        XCTAssertTrue(result.exited, "killed by signal \(result.status): \(arguments)", file: file, line: line)
        XCTAssertEqual(result.status, 1, "\(arguments): \(result.stderr)", file: file, line: line)
        for fragment in fragments {
            XCTAssertTrue(result.stderr.contains(fragment), "stderr should mention '\(fragment)': \(result.stderr)", file: file, line: line)
        }
        XCTAssertFalse(result.stderr.contains("\u{1B}") || result.stderr.contains("\u{07}"), "raw control characters on stderr",
                       file: file, line: line)
        XCTAssertEqual(Set(try FileManager.default.contentsOfDirectory(atPath: folder)), before,
                       "no output or temporary file", file: file, line: line)
        return result
    }

    func write(_ text: String, _ name: String) throws -> String {
        let path = "\(folder)/\(name)"
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    // MARK: registry TOML

    func testDeeplyNestedRegistryArrayIsRefusedNotAStackOverflow() throws {
        let nested = String(repeating: "[", count: 30_000) + String(repeating: "]", count: 30_000)
        let registry = try write("[[restorer]]\nname = \"deep\"\npath = \"x.pth\"\ntargets = \(nested)\n", "deep.toml")
        try assertRefused(["restorers", "--registry", registry], mentions: [registry, ":4:", "nested deeper"])
        try assertRefused(["restore", degraded, output, "--restorer", "dcp", "--registry", registry], mentions: [registry, "nested deeper"])
        // The explorer reads the registry from the environment before it takes the terminal.
        try assertRefused(["explore", CLI.sample("chelsea.png")], mentions: [registry, "nested deeper"],
                          environment: ["GENDEG_RESTORERS": registry])
    }

    func testRegistryEntryNamedLikeAnotherRestorerIsRefused() throws {
        for name in ["dcp", "DCP", "desnow", "richardson-lucy", "nafnet-small-gendeg"] {
            let registry = try write("[[restorer]]\nname = \"\(name)\"\npath = \"x.pth\"\n", "taken-\(name).toml")
            try assertRefused(["restorers", "--registry", registry], mentions: [registry, "'\(name)'", "rename it"])
        }
    }

    func testRegistrySummaryEscapesAreShownNotSent() throws {
        let registry = try write("[[restorer]]\nname = \"plain\"\npath = \"x.pth\"\nsummary = \"ok\\u001B]0;pwned\\u0007\\u001B[2J end\"\n",
                                 "escapes.toml")
        let result = try run(["restorers", "--registry", registry])
        XCTAssertEqual(result.status, 0, result.stderr)
        let line = try XCTUnwrap(result.stdout.split(separator: "\n").first { $0.hasPrefix("plain") })
        XCTAssertFalse(line.contains("\u{1B}") || line.contains("\u{07}"), line.debugDescription)
        XCTAssertTrue(line.contains("ok\\e]0;pwned\\u{07}\\e[2J end"), String(line))
    }

    // MARK: kernel JSON

    func kernel(size: Int, weights: [String]) throws -> String {
        try write("{\"size\":\(size),\"weights\":[\(weights.joined(separator: ","))]}", "k-\(UUID().uuidString.prefix(6)).json")
    }

    func testBadKernelsAreRefusedByBothDeconvolutionRestorers() throws {
        let nine = [String](repeating: "1", count: 9)
        let cases: [(String, String)] = [
            (try kernel(size: -3, weights: nine), "size -3"),
            (try kernel(size: 0, weights: []), "size 0"),
            (try kernel(size: 2, weights: ["1", "1", "1", "1"]), "size 2"),
            (try kernel(size: 3, weights: ["1", "1"]), "needs 9 weights"),
            (try kernel(size: 3, weights: ["1", "1", "1", "1", "-1", "1", "1", "1", "1"]), "non-negative"),
            (try kernel(size: 3, weights: ["1", "1", "1", "1", "1e999", "1", "1", "1", "1"]), "finite"),
            (try kernel(size: 3, weights: [String](repeating: "0", count: 9)), "sum to zero"),
            (try kernel(size: 3, weights: [String](repeating: "1e308", count: 9)), "more than a double"),
            (try kernel(size: 4097, weights: ["1"]), "between 1 and 2049"),
            (try write("{\"size\":3,\"weights\":[1,1,1,1", "cut.json"), "not a blur kernel JSON"),
            (try write("[1,2,3]", "array.json"), "JSON object"),
            (try kernel(size: 3, weights: ["1", "1", "1", "1", "\"x\"", "1", "1", "1", "1"]), "weight 4 is not a number"),
            // Far wider than the 48x32 image: deconvolution would pad it by the kernel's size.
            (try kernel(size: 201, weights: ["1"] + [String](repeating: "0", count: 201 * 201 - 1)), "too wide"),
        ]
        for restorer in ["wiener", "richardson-lucy"] {
            for (path, reason) in cases {
                try assertRefused(["restore", degraded, output, "--restorer", restorer, "--kernel", path], mentions: [path, reason])
            }
        }
    }

    func testOversizedKernelFileIsRefusedBeforeItIsRead() throws {
        let path = "\(folder)/huge.json"
        XCTAssertTrue(FileManager.default.createFile(atPath: path, contents: nil))
        let handle = try XCTUnwrap(FileHandle(forWritingAtPath: path))
        try handle.truncate(atOffset: UInt64(BlurKernelFile.maximumFileBytes + 1))
        try handle.close()
        try assertRefused(["restore", degraded, output, "--restorer", "richardson-lucy", "--kernel", path], mentions: [path, "at most 64 MB"])
    }

    func testHugeButFiniteKernelWeightsNormalizeInsteadOfTurningBlack() throws {
        let weights = [String](repeating: "1e38", count: 9)
        let path = try kernel(size: 3, weights: weights)
        let result = try run(["restore", degraded, output, "--restorer", "richardson-lucy", "--kernel", path])
        XCTAssertEqual(result.status, 0, result.stderr)
        let restored = try ImageIO.read(output)
        let mean = restored.pixels.reduce(0, +) / Float(restored.pixels.count)
        XCTAssertGreaterThan(mean, 0.1, "a box blur of 1e38 weights is a box blur, not black")
    }

    // MARK: model folders and checkpoints

    func testMalformedGenDegJSONIsRefusedNamingTheFileAndTheProblem() throws {
        let tiny = "\(CLI.packageRoot())/Tests/EngineTests/Fixtures/pipeline/tiny-gendeg"
        for (json, problem) in [("{\"resolution\": 64,", "malformed JSON"), ("{\"resolution\": \"big\"}", "'resolution'"),
                                ("{\"recommended_guidance\": {\"text\": 3}}", "'recommended_guidance'"), ("[]", "JSON object")] {
            let model = "\(folder)/model-\(UUID().uuidString.prefix(6))"
            try FileManager.default.copyItem(atPath: tiny, toPath: model)
            try Data(json.utf8).write(to: URL(fileURLWithPath: "\(model)/gendeg.json"))
            try assertRefused(["generate", degraded, output, "--model", model, "--type", "haze", "--mu", "0.1", "--sigma", "0.05",
                               "--steps", "1"], mentions: ["\(model)/gendeg.json", problem])
        }
    }

    /// A safetensors file with this JSON header and `dataBytes` zero bytes of data.
    func safetensors(_ header: String, dataBytes: Int, name: String) throws -> String {
        var file = Data()
        var length = UInt64(header.utf8.count).littleEndian
        withUnsafeBytes(of: &length) { file.append(contentsOf: $0) }
        file += Data(header.utf8) + Data(count: dataBytes)
        let path = "\(folder)/\(name)"
        try file.write(to: URL(fileURLWithPath: path))
        return path
    }

    func testInspectEscapesControlCharactersFromTheFile() throws {
        let header = #"{"__metadata__":{"note\u001b]0;x\u0007":"hi\u001b[2J\u009b31m"},"bad\u001b[31mname":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}"#
        let path = try safetensors(header, dataBytes: 4, name: "escapes.safetensors")
        let result = try run(["inspect", path])
        XCTAssertEqual(result.status, 0, result.stderr)
        for raw in ["\u{1B}", "\u{07}", "\u{9B}"] { XCTAssertFalse(result.stdout.contains(raw), result.stdout.debugDescription) }
        XCTAssertTrue(result.stdout.contains("note\\e]0;x\\u{07}: hi\\e[2J\\u{9B}31m"), result.stdout)
        XCTAssertTrue(result.stdout.contains("bad\\e[31mname"), result.stdout)
    }

    func testBadSafetensorsOffsetsAreRefusedNamingFileAndTensor() throws {
        let cases: [(String, Int, String)] = [
            (#"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}}"#, 12, "overlap"),
            (#"{"a":{"dtype":"F32","shape":[2],"data_offsets":[8,0]}}"#, 8, "ascending"),
            (#"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}"#, 4, "truncated"),
            (#"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,6]}}"#, 8, "needs 8 bytes"),
            (#"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,9223372036854775807]}}"#, 8, "needs 8 bytes"),
            (#"{"a":{"dtype":"U8","shape":[7],"data_offsets":[9223372036854775800,9223372036854775807]}}"#, 8, "past"),
        ]
        for (index, (header, data, reason)) in cases.enumerated() {
            let path = try safetensors(header, dataBytes: data, name: "offsets\(index).safetensors")
            let result = try assertRefused(["inspect", path], mentions: [path, "'a'", reason])
            XCTAssertNil(result.stderr.range(of: " -[0-9]", options: .regularExpression), "no negative byte counts: \(result.stderr)")
        }
    }

    /// A PyTorch zip checkpoint (stored entries, as torch.save writes them) holding `pickle`.
    func zip(pickle: Data, name: String) throws -> String {
        func append<T: FixedWidthInteger>(_ value: T, to data: inout Data) {
            withUnsafeBytes(of: value.littleEndian) { data.append(contentsOf: $0) }
        }
        var file = Data(), central = Data()
        for (entryName, data) in [("archive/data.pkl", pickle), ("archive/version", Data("3\n".utf8))] {
            let offset = file.count, nameBytes = Data(entryName.utf8), crc = CRC32.checksum(ArraySlice(data))
            append(UInt32(0x0403_4B50), to: &file)
            for value: UInt16 in [20, 0, 0, 0, 0] { append(value, to: &file) }
            append(crc, to: &file); append(UInt32(data.count), to: &file); append(UInt32(data.count), to: &file)
            append(UInt16(nameBytes.count), to: &file); append(UInt16(0), to: &file)
            file += nameBytes + data
            append(UInt32(0x0201_4B50), to: &central)
            for value: UInt16 in [20, 20, 0, 0, 0, 0] { append(value, to: &central) }
            append(crc, to: &central); append(UInt32(data.count), to: &central); append(UInt32(data.count), to: &central)
            for value: UInt16 in [UInt16(nameBytes.count), 0, 0, 0, 0] { append(value, to: &central) }
            append(UInt32(0), to: &central); append(UInt32(offset), to: &central)
            central += nameBytes
        }
        let directoryOffset = file.count
        file += central
        append(UInt32(0x0605_4B50), to: &file)
        for value: UInt16 in [0, 0, 2, 2] { append(value, to: &file) }
        append(UInt32(central.count), to: &file); append(UInt32(directoryOffset), to: &file); append(UInt16(0), to: &file)
        let path = "\(folder)/\(name)"
        try file.write(to: URL(fileURLWithPath: path))
        return path
    }

    func testPickleErrorsNameTheCheckpoint() throws {
        let forbidden = Data([0x80, 0x02, 0x63] + Array("os\nsystem\n".utf8) + [0x2E])
        let path = try zip(pickle: forbidden, name: "forbidden.pth")
        try assertRefused(["inspect", path], mentions: [path, "os.system"])
        try assertRefused(["generate", degraded, output, "--model", path, "--type", "haze", "--mu", "0.1", "--sigma", "0.05",
                           "--steps", "1"], mentions: [path, "os.system"])
        let images = "\(folder)/images"
        try FileManager.default.createDirectory(atPath: images, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: degraded, toPath: "\(images)/in.png")
        try assertRefused(["synth", "--images", images, "--out", "\(folder)/synth", "--types", "haze", "--per-image", "1",
                           "--generator", "diffusion", "--model", path], mentions: [path, "os.system"])
        let lying = Data([0x80, 0x02, 0x58, 0xFF, 0xFF, 0xFF, 0x7F, 0x2E])
        let long = try zip(pickle: lying, name: "lying-length.pth")
        let result = try assertRefused(["inspect", long], mentions: [long, "truncated"])
        XCTAssertFalse(result.stderr.contains("needs -"), result.stderr)
    }

    /// 10 million TUPLE1 opcodes: 10 MB of pickle that asked for 0.9 GB before the graph was
    /// capped. Under a 700 MB address-space limit the uncapped reader dies of it.
    func testPickleGraphMemoryIsBoundedByTheFileSize() throws {
        var pickle = Data([0x80, 0x02, 0x4E])
        pickle.append(Data(repeating: 0x85, count: 10_000_000))
        pickle.append(0x2E)
        let path = try zip(pickle: pickle, name: "tuples.pth")
        try assertRefused(["inspect", path], mentions: [path, "builds more objects"], addressSpaceKB: 700_000)
    }
}
