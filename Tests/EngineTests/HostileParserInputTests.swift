import Foundation
import XCTest
@testable import GenDegEngine

/// The parsers behind issue 11's hostile files, without the binary: each refusal is a typed
/// error naming the file (and the key or tensor), never a trap.
final class HostileParserInputTests: XCTestCase {
    // MARK: TOML

    func testArrayNestingIsBoundedNotAStackOverflow() throws {
        func nested(_ depth: Int) -> String {
            "x = " + String(repeating: "[", count: depth) + String(repeating: "]", count: depth) + "\n"
        }
        XCTAssertNoThrow(try TOMLSubset.parse(nested(TOMLSubset.maximumArrayDepth), file: "ok.toml"))
        for depth in [TOMLSubset.maximumArrayDepth + 1, 30_000] {
            XCTAssertThrowsError(try TOMLSubset.parse(nested(depth), file: "deep.toml")) { error in
                XCTAssertEqual(error as? TOMLError,
                               TOMLError(file: "deep.toml", line: 1, reason: "arrays nested deeper than \(TOMLSubset.maximumArrayDepth) levels"))
            }
        }
    }

    func testUserRegistryEntryCannotShadowAnotherRestorer() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("shadow-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let registry = "\(folder)/restorers.toml"
        try Data("[[restorer]]\nname = \"Wiener\"\npath = \"x.pth\"\n".utf8).write(to: URL(fileURLWithPath: registry))
        XCTAssertThrowsError(try RestorerCatalog.items(registry: registry)) { error in
            XCTAssertEqual(error as? LearnedRestorerError, .registry(
                file: registry, line: nil, reason: "the entry 'Wiener' has the name of the classical restorer wiener; rename it"))
        }
        try Data("[[restorer]]\nname = \"mine\"\npath = \"x.pth\"\n".utf8).write(to: URL(fileURLWithPath: registry))
        XCTAssertEqual(try RestorerCatalog.items(registry: registry).last?.restorer.name, "mine")
    }

    // MARK: kernels

    func testKernelValidationIsTheOnePlaceForEveryKernel() throws {
        func refusal(_ json: String) -> String? {
            do {
                _ = try BlurKernelFile.parse(Data(json.utf8), file: "k.json")
                return nil
            } catch let error as BlurKernelError {
                XCTAssertEqual(error.file, "k.json")
                return error.reason
            } catch {
                return "unexpected \(error)"
            }
        }
        XCTAssertEqual(refusal(#"{"size":-3,"weights":[1,1,1,1,1,1,1,1,1]}"#), "kernel size -3 must be odd and between 1 and 2049")
        XCTAssertEqual(refusal(#"{"size":4,"weights":[]}"#), "kernel size 4 must be odd and between 1 and 2049")
        XCTAssertEqual(refusal(#"{"size":3,"weights":[1]}"#), "a 3x3 kernel needs 9 weights, the file has 1")
        XCTAssertEqual(refusal(#"{"size":1,"weights":[1e999]}"#), "weight 0 is inf; weights must be finite and non-negative")
        XCTAssertEqual(refusal(#"{"size":1,"weights":[0]}"#), "the weights sum to zero")
        XCTAssertEqual(refusal(#"{"size":1}"#), "'weights' must be an array of numbers")
        XCTAssertNotNil(refusal(String(repeating: "[", count: 10_000)))
        // Huge finite weights normalize in double precision instead of overflowing to black.
        let big = try BlurKernelFile.parse(Data(#"{"size":3,"weights":[1e38,1e38,1e38,1e38,1e38,1e38,1e38,1e38,1e38]}"#.utf8), file: nil)
        for weight in big.weights { XCTAssertEqual(weight, 1 / 9, accuracy: 1e-6) }
        // Decoding goes through the same check, so no caller can hold an unchecked kernel.
        XCTAssertThrowsError(try JSONDecoder().decode(BlurKernel.self, from: Data(#"{"size":-3,"weights":[1,1,1,1,1,1,1,1,1]}"#.utf8)))
        // What degrade writes reads back.
        let written = LinearMotion(length: 9, angleDegrees: 30).kernel()
        let roundTrip = try BlurKernelFile.parse(BlurKernelFile.encoded(written), file: nil)
        XCTAssertEqual(roundTrip.size, written.size)
        for (a, b) in zip(roundTrip.weights, written.weights) { XCTAssertEqual(a, b, accuracy: 1e-6) }
    }

    func testDeconvolutionRefusesAKernelFarWiderThanTheImage() {
        let wide = BlurKernel(size: 101, weights: [1] + [Float](repeating: 0, count: 101 * 101 - 1))
        for restorer in [WienerDeblur() as Restorer, RichardsonLucyDeblur()] {
            XCTAssertThrowsError(try restorer.restore(RGBImage(width: 20, height: 10, fill: 0.5),
                                                      context: RestoreContext(knownKernel: wide))) { error in
                XCTAssertTrue("\(error)".contains("too wide for a 20x10 image"), "\(error)")
            }
        }
    }

    // MARK: gendeg.json

    func testGenDegJSONProblemsAreNamed() throws {
        func problem(_ json: String) -> String? {
            do {
                _ = try GenDegModelInfo.parse(Data(json.utf8), file: "m/gendeg.json")
                return nil
            } catch {
                return "\(error)"
            }
        }
        XCTAssertNil(problem("{\"name\": \"x\", \"resolution\": 128, \"recommended_guidance\": {\"text\": 3, \"image\": 1.5}}"))
        for (json, fragment) in [("{", "malformed JSON"), ("{\"resolution\": 100}", "'resolution'"), ("{\"name\": 3}", "'name'"),
                                 ("{\"recommended_guidance\": [1, 2]}", "'recommended_guidance'"), ("3", "JSON object")] {
            let message = problem(json)
            XCTAssertTrue(message?.hasPrefix("m/gendeg.json: ") == true && message?.contains(fragment) == true, "\(json): \(message ?? "accepted")")
        }
        let info = try GenDegModelInfo.parse(Data("{\"recommended_guidance\": {\"text\": 3, \"image\": 1.5}}".utf8), file: "g")
        XCTAssertEqual(info.recommendedGuidance, GenDegModelInfo.Guidance(text: 3, image: 1.5))
    }

    // MARK: safetensors

    func header(_ json: String, data: Int) -> Data {
        var file = Data()
        withUnsafeBytes(of: UInt64(json.utf8.count).littleEndian) { file.append(contentsOf: $0) }
        return file + Data(json.utf8) + Data(count: data)
    }

    func testOverlappingSafetensorsOffsetsAreRefused() throws {
        let overlapping = header(#"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}}"#, data: 12)
        XCTAssertThrowsError(try CheckpointFile.parse(bytes: overlapping)) { error in
            guard case let .tensorOutOfBounds(tensor, reason)? = error as? CheckpointError else { return XCTFail("\(error)") }
            XCTAssertEqual(tensor, "b")
            XCTAssertTrue(reason.contains("overlap those of 'a'"), reason)
        }
        let aliased = header(#"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"I32","shape":[2],"data_offsets":[0,8]}}"#, data: 8)
        XCTAssertThrowsError(try CheckpointFile.parse(bytes: aliased))
        // Adjacent tensors and empty ones are fine.
        let adjacent = header(#"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"e":{"dtype":"F32","shape":[0],"data_offsets":[4,4]},"b":{"dtype":"F32","shape":[1],"data_offsets":[8,12]}}"#, data: 12)
        XCTAssertEqual(try CheckpointFile.parse(bytes: adjacent).names, ["a", "e", "b"])
    }

    func testByteCountsInMessagesAreNeverNegative() {
        let far = header(#"{"a":{"dtype":"U8","shape":[7],"data_offsets":[9223372036854775800,9223372036854775807]}}"#, data: 8)
        XCTAssertThrowsError(try CheckpointFile.parse(bytes: far)) { error in
            XCTAssertNil("\(error)".range(of: " -[0-9]", options: .regularExpression), "\(error)")
        }
        let lyingPickle = Data([0x80, 0x02, 0x8D] + [UInt8](repeating: 0xFF, count: 7) + [0x7F, 0x2E])
        XCTAssertThrowsError(try SafePickle.load(bytes: lyingPickle)) { error in
            XCTAssertNil("\(error)".range(of: " -[0-9]", options: .regularExpression), "\(error)")
            XCTAssertTrue("\(error)".contains("truncated"), "\(error)")
        }
        XCTAssertEqual(CheckpointError.truncated(what: "x", offset: Int.max - 1, count: 10, available: 5),
                       .truncated(what: "x", needed: Int.max, available: 5))
    }

    func testCheckpointErrorsNameTheFile() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("named-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = "\(folder)/bad.safetensors"
        try header(#"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,6]}}"#, data: 6).write(to: URL(fileURLWithPath: path))
        XCTAssertThrowsError(try CheckpointFile.open(path)) { error in
            XCTAssertTrue("\(error)".hasPrefix(path + ": tensor 'a'"), "\(error)")
        }
        XCTAssertThrowsError(try ModelInspection.inspect(path)) { error in XCTAssertTrue("\(error)".contains(path), "\(error)") }
        XCTAssertThrowsError(try GenDegModel.load(path: path)) { error in XCTAssertTrue("\(error)".contains(path), "\(error)") }
    }

    // MARK: pickle graph

    func testPickleGraphMemoryIsCappedByThePickleSize() {
        let count = 1_000_000
        var pickle = Data([0x80, 0x02, 0x4E])
        pickle.append(Data(repeating: 0x85, count: count))
        pickle.append(0x2E)
        let limit = count * SafePickle.memoryPerPickleByte + SafePickle.memoryAllowanceFloor
        XCTAssertThrowsError(try SafePickle.load(bytes: pickle)) { error in
            guard case let .pickle(reason, offset)? = error as? CheckpointError else { return XCTFail("\(error)") }
            XCTAssertTrue(reason.contains("builds more objects"), reason)
            // Each TUPLE1 builds a tuple of about 100 bytes: the cap stops it long before the end.
            XCTAssertLessThan(offset, limit / 80)
            XCTAssertLessThan(offset, count)
        }
        // DUP grows the stack, MEMOIZE the memo, by 40 and 64 estimated bytes per pickle byte.
        for filler: UInt8 in [0x32, 0x94] {
            var flood = Data([0x80, 0x04, 0x4E])
            flood.append(Data(repeating: filler, count: 3 * count))
            flood.append(0x2E)
            XCTAssertThrowsError(try SafePickle.load(bytes: flood), String(format: "opcode 0x%02x", filler)) { error in
                XCTAssertTrue("\(error)".contains("builds more objects"), "\(error)")
            }
        }
    }

    /// torch.save's pickles need about 12 bytes of graph per byte: a state dict of hundreds of
    /// tensors loads with no floor at all, a few-tensor one within a 64 KB floor.
    func testRealCheckpointPicklesFitThePerByteBudget() throws {
        for (name, floor) in [("ldm_tiny.ckpt", 0), ("params_ema.pth", 64 << 10), ("lightning.ckpt", 64 << 10)] {
            let data = try Data(contentsOf: URL(fileURLWithPath: CheckpointFixtures.path(name)))
            try data.withUnsafeBytes { bytes in
                let archive = try ZipArchive(bytes: bytes)
                let entry = try XCTUnwrap(archive.entries.first { $0.name.hasSuffix("/data.pkl") }, name)
                let pickle = UnsafeRawBufferPointer(rebasing: bytes[entry.dataOffset..<(entry.dataOffset + entry.size)])
                XCTAssertNoThrow(try SafePickle.load(bytes: pickle, from: 0, allowanceFloor: floor), name)
            }
        }
    }

    // MARK: printing file content

    func testControlCharactersAreEscapedForPrinting() {
        XCTAssertEqual(TerminalText.escaped("plain · ünïcode"), "plain · ünïcode")
        XCTAssertEqual(TerminalText.escaped("a\u{1B}[2Jb\u{07}c\u{9B}d\u{202E}e\u{7F}"), "a\\e[2Jb\\u{07}c\\u{9B}d\\u{202E}e\\u{7F}")
        XCTAssertEqual(TerminalText.escaped("one\ntwo\tthree\r"), "one\\ntwo\\tthree\\r")
        XCTAssertEqual(TerminalText.escaped("one\ntwo\tthree\r", keepingLineBreaks: true), "one\ntwo\tthree\\r")
    }
}
