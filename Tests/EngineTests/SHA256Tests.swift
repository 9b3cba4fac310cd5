import Foundation
import GenDegEngine
import XCTest

final class SHA256Tests: XCTestCase {
    func testKnownVectors() {
        // FIPS 180-4 examples.
        XCTAssertEqual(SHA256.hex(Data()), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        XCTAssertEqual(SHA256.hex(Data("abc".utf8)), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        XCTAssertEqual(SHA256.hex(Data("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)),
                       "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        XCTAssertEqual(SHA256.hex(Data(repeating: UInt8(ascii: "a"), count: 1_000_000)),
                       "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    func testChunkedUpdatesMatchOneShot() {
        let bytes = (0..<1000).map { UInt8(truncatingIfNeeded: $0 * 31 + 7) }
        var hasher = SHA256()
        var offset = 0
        for size in [1, 63, 64, 65, 200, 607] {
            hasher.update(Array(bytes[offset..<(offset + size)]))
            offset += size
        }
        XCTAssertEqual(offset, bytes.count)
        XCTAssertEqual(hasher.finalize().map { String(format: "%02x", $0) }.joined(), SHA256.hex(Data(bytes)))
    }

    func testFileHashMatchesDataHash() throws {
        let path = (NSTemporaryDirectory() as NSString).appendingPathComponent("sha-\(UUID().uuidString)")
        let data = Data((0..<((1 << 20) + 123)).map { UInt8(truncatingIfNeeded: $0 &* 2654435761 >> 13) })
        try data.write(to: URL(fileURLWithPath: path))
        defer { unlink(path) }
        XCTAssertEqual(try SHA256.hex(fileAt: path), SHA256.hex(data))
        XCTAssertThrowsError(try SHA256.hex(fileAt: path + "-missing"))
    }
}
