import Foundation
import XCTest
@testable import GenDegEngine

final class CheckpointErrorTests: XCTestCase {
    func checkpointError(_ body: () throws -> Any, file: StaticString = #filePath, line: UInt = #line) -> CheckpointError? {
        do {
            _ = try body()
            XCTFail("expected an error", file: file, line: line)
            return nil
        } catch let error as CheckpointError {
            return error
        } catch {
            XCTFail("unexpected error type \(error)", file: file, line: line)
            return nil
        }
    }

    func testTruncatedSafetensorsNameTheTensor() throws {
        let data = try CheckpointFixtures.data("tensors.safetensors")
        let headerEnd = 8 + Int(data.prefix(8).enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) })
        for cut in [0, 3, 8, 9, 40, headerEnd - 1] {
            XCTAssertNotNil(checkpointError { try CheckpointFile.parse(bytes: data.prefix(cut)) }, "cut at \(cut)")
        }
        for cut in [headerEnd, headerEnd + 10, data.count - 1] {
            guard let error = checkpointError({ try CheckpointFile.parse(bytes: data.prefix(cut)) }) else { continue }
            guard case let .tensorOutOfBounds(tensor, _) = error else { return XCTFail("cut \(cut): \(error)") }
            XCTAssertFalse(tensor.isEmpty)
            XCTAssertTrue(error.description.contains("'\(tensor)'"), error.description)
        }
    }

    func testTruncatedTorchCheckpointsAreRejected() throws {
        let data = try CheckpointFixtures.data("lightning.ckpt")
        for cut in [1, 10, 100, data.count / 3, data.count / 2, data.count - 30, data.count - 1] {
            XCTAssertNotNil(checkpointError { try CheckpointFile.parse(bytes: data.prefix(cut)) }, "cut at \(cut)")
        }
    }

    func testInconsistentSafetensorsHeaderNamesTheTensor() {
        let json = #"{"w":{"dtype":"F32","shape":[2,2],"data_offsets":[0,12]}}"#
        var file = Data()
        var length = UInt64(json.utf8.count).littleEndian
        withUnsafeBytes(of: &length) { file.append(contentsOf: $0) }
        file += Data(json.utf8) + Data(count: 16)
        let error = checkpointError { try CheckpointFile.parse(bytes: file) }
        guard case .tensorOutOfBounds("w", _)? = error else { return XCTFail("\(String(describing: error))") }

        let badType = #"{"w":{"dtype":"F8_E4M3","shape":[1],"data_offsets":[0,1]}}"#
        var second = Data()
        var secondLength = UInt64(badType.utf8.count).littleEndian
        withUnsafeBytes(of: &secondLength) { second.append(contentsOf: $0) }
        second += Data(badType.utf8) + Data(count: 1)
        XCTAssertEqual(checkpointError { try CheckpointFile.parse(bytes: second) }, .unsupportedDType(tensor: "w", dtype: "F8_E4M3"))
    }

    func testWrongMagicAndTruncatedLegacyFormat() throws {
        let text = Data("this is not a checkpoint at all".utf8)
        XCTAssertEqual(checkpointError { try CheckpointFile.parse(bytes: text, path: "x.bin") }, .unknownFormat(path: "x.bin"))
        let notMagic = Data([0x80, 0x02, 0x4B, 0x07, 0x2E, 0, 0, 0, 0, 0])
        XCTAssertEqual(checkpointError { try CheckpointFile.parse(bytes: notMagic, path: "y.pth") }, .unknownFormat(path: "y.pth"))
        XCTAssertNotNil(checkpointError { try CheckpointFile.parse(bytes: Data()) })

        let legacy = try CheckpointFixtures.data("legacy.pth")
        for cut in [2, 15, 40, legacy.count / 2, legacy.count - 100, legacy.count - 1] {
            XCTAssertNotNil(checkpointError { try CheckpointFile.parse(bytes: legacy.prefix(cut)) }, "cut at \(cut)")
        }
    }

    func testMissingTensorAndMissingFile() throws {
        let file = try CheckpointFile.open(CheckpointFixtures.path("plain.pth"))
        XCTAssertNil(file.info("nope"))
        XCTAssertEqual(checkpointError { try file.tensor("nope") }, .missingTensor("nope"))
        guard case .cannotOpen? = checkpointError({ try CheckpointFile.open("/nonexistent/model.ckpt") }) else {
            return XCTFail("expected cannotOpen")
        }
    }

    func testMaliciousPickleIsRefusedWithoutRunningIt() {
        let path = CheckpointFixtures.path("malicious.pth")
        let error = checkpointError { try CheckpointFile.open(path) }
        XCTAssertEqual(error, .inFile(path: path, error: .forbiddenGlobal(module: "os", name: "system")))
        XCTAssertTrue(error?.description.contains("os.system") ?? false)
    }

    func testCompressedZipEntryIsRefused() throws {
        var data = try CheckpointFixtures.data("malicious.pth")
        // Patch the central directory's compression method of the first entry to deflate.
        let signature: [UInt8] = [0x50, 0x4B, 0x01, 0x02]
        let bytes = [UInt8](data)
        guard let start = (0..<(bytes.count - 4)).first(where: { Array(bytes[$0..<($0 + 4)]) == signature }) else {
            return XCTFail("no central directory")
        }
        data[start + 10] = 8
        XCTAssertEqual(checkpointError { try CheckpointFile.parse(bytes: data) }, .compressedEntry(name: "archive/data.pkl", method: 8))
    }
}
