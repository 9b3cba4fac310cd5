import Foundation
import GenDegEngine
import GenDegTestSupport
import XCTest

final class ModelHashTests: XCTestCase {
    private func write(_ text: String, _ relative: String, in folder: String) throws {
        let path = (folder as NSString).appendingPathComponent(relative)
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    }

    /// A diffusers-like model folder with a nested file.
    private func modelFolder(writingInOrder order: [(String, String)]) throws -> String {
        let folder = try TestImages.temporaryFolder()
        for (relative, text) in order { try write(text, relative, in: folder) }
        return folder
    }

    private let files = [("gendeg.json", "{\"resolution\": 64}"), ("unet/model.safetensors", "unet weights"), ("vae/model.safetensors", "vae weights")]

    func testAFileModelHashesAsTheFile() throws {
        let folder = try modelFolder(writingInOrder: files)
        let file = (folder as NSString).appendingPathComponent("unet/model.safetensors")
        XCTAssertEqual(try ModelHash.sha256(ofModelAt: file), try SHA256.hex(fileAt: file))
    }

    func testAFolderHashesItsSortedRelativePathsAndFileHashes() throws {
        let folder = try modelFolder(writingInOrder: files)
        var expected = ""
        for (relative, text) in files { expected += "\(relative)\u{0}\(SHA256.hex(Data(text.utf8)))\n" }
        XCTAssertEqual(try ModelHash.sha256(ofModelAt: folder), SHA256.hex(Data(expected.utf8)))
    }

    func testAFolderHashIsStableAndIndependentOfLocationAndWritingOrder() throws {
        let first = try modelFolder(writingInOrder: files)
        let second = try modelFolder(writingInOrder: files.reversed())
        let hash = try ModelHash.sha256(ofModelAt: first)
        XCTAssertEqual(hash.count, 64)
        XCTAssertEqual(try ModelHash.sha256(ofModelAt: first), hash)
        XCTAssertEqual(try ModelHash.sha256(ofModelAt: second), hash)
        XCTAssertEqual(try ModelHash.sha256(ofModelAt: first + "/"), hash)
    }

    func testAFolderHashChangesWhenAFileIsEditedAddedRemovedOrRenamed() throws {
        let folder = try modelFolder(writingInOrder: files)
        var seen: Set<String> = [try ModelHash.sha256(ofModelAt: folder)]
        func expectNewHash(_ what: String) throws {
            let hash = try ModelHash.sha256(ofModelAt: folder)
            XCTAssertFalse(seen.contains(hash), "the hash did not change when \(what)")
            seen.insert(hash)
        }
        try write("unet weights, retrained", "unet/model.safetensors", in: folder)
        try expectNewHash("a file was edited")
        try write("extra", "vae/extra.bin", in: folder)
        try expectNewHash("a file was added")
        try FileManager.default.removeItem(atPath: folder + "/vae/extra.bin")
        try FileManager.default.moveItem(atPath: folder + "/gendeg.json", toPath: folder + "/config.json")
        try expectNewHash("a file was renamed")
        try FileManager.default.removeItem(atPath: folder + "/config.json")
        try expectNewHash("a file was removed")
    }

    func testMissingModelsAndEmptyFoldersAreErrors() throws {
        let empty = try TestImages.temporaryFolder()
        XCTAssertThrowsError(try ModelHash.sha256(ofModelAt: empty)) { XCTAssertTrue("\($0)".contains("no files"), "\($0)") }
        XCTAssertThrowsError(try ModelHash.sha256(ofModelAt: empty + "/missing.ckpt"))
    }
}

/// The bundled GenDeg-small, the explorer's default diffusion model, is a folder.
final class BundledModelHashTests: XCTestCase {
    func testTheBundledGenDegSmallFolderHashes() throws {
        let path = try XCTUnwrap(DiffusionGenerators.bundledModelPath(), "GenDeg-small is bundled")
        var isFolder: ObjCBool = false
        XCTAssertTrue(FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) && isFolder.boolValue)
        let files = try ModelHash.filesInModelFolder(path)
        XCTAssertTrue(files.contains("gendeg.json"), "\(files)")
        XCTAssertTrue(files.contains { $0.hasPrefix("unet/") })
        let hash = try ModelHash.sha256(ofModelAt: path)
        XCTAssertEqual(hash.count, 64)
        XCTAssertTrue(hash.allSatisfy { $0.isHexDigit })
    }
}
