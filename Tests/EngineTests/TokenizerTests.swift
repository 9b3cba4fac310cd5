import Foundation
import XCTest
@testable import GenDegEngine

final class TokenizerTests: XCTestCase {
    private struct Goldens: Decodable {
        struct Case: Decodable { let text: String; let ids: [Int32] }
        let cases: [Case]
    }

    private func fixtureURL(_ name: String) throws -> URL {
        try XCTUnwrap(Bundle.module.url(forResource: name, withExtension: "gz", subdirectory: "Fixtures/tokenizer"))
    }

    private func assertMatchesGoldens(_ tokenizer: CLIPTokenizer, file: StaticString = #filePath, line: UInt = #line) throws {
        let goldens = try loadFixture(Goldens.self, folder: "tokenizer", name: "clip_tokenizer_goldens")
        XCTAssertEqual(goldens.cases.count, 200, file: file, line: line)
        var failures = 0
        for c in goldens.cases {
            let ids = tokenizer.encode(c.text)
            if ids != c.ids {
                failures += 1
                XCTFail("\(c.text.debugDescription): \(ids) != \(c.ids)", file: file, line: line)
            }
        }
        XCTAssertEqual(failures, 0, file: file, line: line)
    }

    func testBundledVocabularyMatchesTransformers() throws {
        try assertMatchesGoldens(try CLIPTokenizer.bundled())
    }

    func testVocabAndMergesFilesMatchTransformers() throws {
        let tokenizer = try CLIPTokenizer(vocabURL: try fixtureURL("vocab.json"), mergesURL: try fixtureURL("merges.txt"))
        try assertMatchesGoldens(tokenizer)
    }

    func testLayoutOfAnEncodedPrompt() throws {
        let ids = try CLIPTokenizer.bundled().encode("a photo of a street, in hazy conditions")
        XCTAssertEqual(ids.count, 77)
        XCTAssertEqual(Array(ids.prefix(11)), [49406, 320, 1125, 539, 320, 2012, 267, 530, 32655, 5892, 49407])
        XCTAssertTrue(ids.dropFirst(11).allSatisfy { $0 == CLIPTokenizer.endToken })
        let long = try CLIPTokenizer.bundled().encode(String(repeating: "word ", count: 300))
        XCTAssertEqual(long.count, 77)
        XCTAssertEqual(long.first, CLIPTokenizer.startToken)
        XCTAssertEqual(long.last, CLIPTokenizer.endToken)
        XCTAssertFalse(long.dropFirst().dropLast().contains(CLIPTokenizer.endToken))
    }

    func testPlainTextFilesWorkLikeGzip() throws {
        let gz = try XCTUnwrap(Bundle.module.url(forResource: "vocab.json", withExtension: "gz", subdirectory: "Fixtures/tokenizer"))
        let plain = try Gzip.decompress([UInt8](Data(contentsOf: gz)))
        let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(plain)) as? [String: Int])
        XCTAssertEqual(object.count, 49408)
        XCTAssertEqual(object["<|endoftext|>"], 49407)
        // The merges file as plain text, with CRLF line ends, reads the same as the gzip file.
        let merges = try fixtureURL("merges.txt")
        let text = FileManager.default.temporaryDirectory.appendingPathComponent("gendeg-merges-\(UUID().uuidString).txt")
        defer { try? FileManager.default.removeItem(at: text) }
        let lines = try Gzip.decompress([UInt8](Data(contentsOf: merges))).split(separator: 0x0A, omittingEmptySubsequences: false)
        try Data(lines.joined(separator: [0x0D, 0x0A])).write(to: text)
        let fromText = try CLIPTokenizer(vocabURL: try fixtureURL("vocab.json"), mergesURL: text)
        for prompt in ["Hello  World!! it's", "a photo of a street, in hazy conditions", "東京タワー 😀"] {
            XCTAssertEqual(fromText.encode(prompt), try CLIPTokenizer.bundled().encode(prompt))
        }
    }

    func testCorruptOrMissingFilesThrow() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("gendeg-tok-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        XCTAssertThrowsError(try CLIPTokenizer(bpeMergesGzipOrText: directory.appendingPathComponent("absent.txt.gz")))
        let truncated = directory.appendingPathComponent("truncated.gz")
        let original = [UInt8](try Data(contentsOf: try fixtureURL("merges.txt")))
        try Data(original.prefix(5000)).write(to: truncated)
        XCTAssertThrowsError(try CLIPTokenizer(bpeMergesGzipOrText: truncated))
        var flipped = original
        flipped[flipped.count / 2] ^= 0x55
        let corrupt = directory.appendingPathComponent("corrupt.gz")
        try Data(flipped).write(to: corrupt)
        XCTAssertThrowsError(try CLIPTokenizer(bpeMergesGzipOrText: corrupt))
        let short = directory.appendingPathComponent("short.txt")
        try "#version: 0.2\ni n\nt h\n".write(to: short, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try CLIPTokenizer(bpeMergesGzipOrText: short))
        let notJSON = directory.appendingPathComponent("vocab.json")
        try "[1, 2]".write(to: notJSON, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try CLIPTokenizer(vocabURL: notJSON, mergesURL: short))
    }
}
