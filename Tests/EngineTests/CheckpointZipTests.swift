import Foundation
import XCTest
@testable import GenDegEngine

/// Rewrites torch zip checkpoints the way large ones look: ZIP64 end records and central
/// directory sizes/offsets moved into ZIP64 extra fields, entries 64-byte aligned.
final class CheckpointZipTests: XCTestCase {
    struct Entry {
        let name: String
        let data: Data
    }

    func entries(of fixture: String) throws -> [Entry] {
        let data = try CheckpointFixtures.data(fixture)
        let archive = try data.withUnsafeBytes { try ZipArchive(bytes: $0) }
        return archive.entries.map { Entry(name: $0.name, data: data.subdata(in: $0.dataOffset..<($0.dataOffset + $0.size))) }
    }

    func append<T: FixedWidthInteger>(_ value: T, to data: inout Data) {
        var little = value.littleEndian
        withUnsafeBytes(of: &little) { data.append(contentsOf: $0) }
    }

    func zip64Archive(_ entries: [Entry]) -> Data {
        var file = Data()
        var central = Data()
        for entry in entries {
            let offset = file.count
            let name = Data(entry.name.utf8)
            let headerEnd = offset + 30 + name.count + 4
            let padding = (64 - headerEnd % 64) % 64
            append(UInt32(0x0403_4B50), to: &file)
            append(UInt16(45), to: &file); append(UInt16(0), to: &file); append(UInt16(0), to: &file)
            append(UInt32(0), to: &file); append(UInt32(0), to: &file)
            append(UInt32(entry.data.count), to: &file); append(UInt32(entry.data.count), to: &file)
            append(UInt16(name.count), to: &file); append(UInt16(4 + padding), to: &file)
            file += name
            append(UInt16(0x4246), to: &file); append(UInt16(padding), to: &file)
            file += Data(count: padding)
            XCTAssertEqual(file.count % 64, 0)
            file += entry.data

            append(UInt32(0x0201_4B50), to: &central)
            append(UInt16(45), to: &central); append(UInt16(45), to: &central)
            append(UInt16(0), to: &central); append(UInt16(0), to: &central)
            append(UInt32(0), to: &central); append(UInt32(0), to: &central)
            append(UInt32.max, to: &central); append(UInt32.max, to: &central)
            append(UInt16(name.count), to: &central); append(UInt16(28), to: &central); append(UInt16(0), to: &central)
            append(UInt16(0), to: &central); append(UInt16(0), to: &central); append(UInt32(0), to: &central)
            append(UInt32.max, to: &central)
            central += name
            append(UInt16(0x0001), to: &central); append(UInt16(24), to: &central)
            append(UInt64(entry.data.count), to: &central)
            append(UInt64(entry.data.count), to: &central)
            append(UInt64(offset), to: &central)
        }
        let directoryOffset = file.count
        file += central
        let endOffset = file.count
        append(UInt32(0x0606_4B50), to: &file)
        append(UInt64(44), to: &file)
        append(UInt16(45), to: &file); append(UInt16(45), to: &file)
        append(UInt32(0), to: &file); append(UInt32(0), to: &file)
        append(UInt64(entries.count), to: &file); append(UInt64(entries.count), to: &file)
        append(UInt64(central.count), to: &file); append(UInt64(directoryOffset), to: &file)
        append(UInt32(0x0706_4B50), to: &file)
        append(UInt32(0), to: &file); append(UInt64(endOffset), to: &file); append(UInt32(1), to: &file)
        append(UInt32(0x0605_4B50), to: &file)
        append(UInt16(0), to: &file); append(UInt16(0), to: &file)
        append(UInt16.max, to: &file); append(UInt16.max, to: &file)
        append(UInt32.max, to: &file); append(UInt32.max, to: &file)
        append(UInt16(0), to: &file)
        return file
    }

    func testZip64ArchiveReadsTheSameTensors() throws {
        let original = try CheckpointFile.open(CheckpointFixtures.path("lightning.ckpt"))
        let rewritten = try CheckpointFile.parse(bytes: zip64Archive(entries(of: "lightning.ckpt")))
        XCTAssertEqual(rewritten.names, original.names)
        XCTAssertEqual(rewritten.metadata, original.metadata)
        for name in original.names { XCTAssertEqual(try rewritten.tensor(name), try original.tensor(name)) }
    }

    func testTopFolderNameMayVary() throws {
        let renamed = try entries(of: "plain.pth").map { entry in
            Entry(name: "some_other_folder" + entry.name.drop { $0 != "/" }, data: entry.data)
        }
        let file = try CheckpointFile.parse(bytes: zip64Archive(renamed))
        XCTAssertEqual(try file.tensor("view"), try CheckpointFile.open(CheckpointFixtures.path("plain.pth")).tensor("view"))
    }

    func testMissingStorageEntryNamesTheTensor() throws {
        let pruned = try entries(of: "plain.pth").filter { !$0.name.hasSuffix("/data/0") }
        XCTAssertThrowsError(try CheckpointFile.parse(bytes: zip64Archive(pruned))) { error in
            guard case let CheckpointError.tensorOutOfBounds(tensor, reason)? = error as? CheckpointError else {
                return XCTFail("\(error)")
            }
            XCTAssertEqual(tensor, "base")
            XCTAssertTrue(reason.contains("data/0"), reason)
        }
    }

    func testShortStorageBlobNamesTheTensor() throws {
        let shortened = try entries(of: "plain.pth").map { entry in
            entry.name.hasSuffix("/data/0") ? Entry(name: entry.name, data: entry.data.prefix(50)) : entry
        }
        XCTAssertThrowsError(try CheckpointFile.parse(bytes: zip64Archive(shortened))) { error in
            guard case CheckpointError.tensorOutOfBounds("base", _)? = error as? CheckpointError else {
                return XCTFail("\(error)")
            }
        }
    }
}
