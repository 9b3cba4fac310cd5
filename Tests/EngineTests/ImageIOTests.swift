import Foundation
import XCTest
@testable import GenDegEngine

/// Every PNG layout libpng can hand us, JPEG, and every kind of bad file.
final class ImageIOTests: XCTestCase {
    func path(_ name: String) throws -> String {
        try XCTUnwrap(Bundle.module.url(forResource: "Fixtures/images/\(name)", withExtension: nil), name).path
    }

    func reference() throws -> RGBImage { try ImageIO.read(path("rgb8.png")) }

    func assertClose(_ a: RGBImage, _ b: RGBImage, _ tolerance: Float, _ label: String) {
        XCTAssertEqual(a.width, b.width, label)
        XCTAssertEqual(a.height, b.height, label)
        guard a.pixels.count == b.pixels.count else { return }
        let worst = zip(a.pixels, b.pixels).map { abs($0 - $1) }.max() ?? 0
        XCTAssertLessThanOrEqual(worst, tolerance, label)
    }

    func testRGBVariantsDecodeToTheSamePicture() throws {
        let rgb8 = try reference()
        XCTAssertEqual(rgb8.width, 13)
        XCTAssertEqual(rgb8.height, 7)
        for name in ["rgb16.png", "rgba8.png", "rgba16.png", "interlaced.png"] {
            assertClose(try ImageIO.read(path(name)), rgb8, 1.0 / 255 + 1e-6, name)
        }
        assertClose(try ImageIO.read(path("palette.png")), rgb8, 0.25, "palette.png")
        assertClose(try ImageIO.read(path("rgb.jpg")), rgb8, 0.25, "rgb.jpg")
    }

    func testGrayVariantsHaveEqualChannels() throws {
        for name in ["gray8.png", "gray16.png", "grayalpha8.png", "gray.jpg"] {
            let image = try ImageIO.read(path(name))
            XCTAssertEqual(image.width, 13, name)
            XCTAssertEqual(image.plane(0), image.plane(1), name)
            XCTAssertEqual(image.plane(1), image.plane(2), name)
            XCTAssertGreaterThan(Set(image.plane(0)).count, 5, "\(name) should not be flat")
        }
    }

    func testPNGRoundTripAt8And16Bits() throws {
        var image = RGBImage(width: 5, height: 3)
        for i in image.pixels.indices { image.pixels[i] = Float(i % 11) / 10.3 }
        let back16 = try ImageIO.decode(ImageIO.encodePNG(image, bitDepth: 16))
        assertClose(back16, image, 1.0 / 65535, "16-bit")
        let back8 = try ImageIO.decode(ImageIO.encodePNG(image, bitDepth: 8))
        assertClose(back8, image, 0.5 / 255 + 1e-6, "8-bit")
    }

    func testWriteIsAtomicAndLeavesNoTemporaryFiles() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gendeg-io-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let target = folder.appendingPathComponent("out.png").path
        try ImageIO.writePNG(try reference(), to: target, bitDepth: 16)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder.path), ["out.png"])
        assertClose(try ImageIO.read(target), try reference(), 1e-4, "written file")
    }

    func testWriteToMissingFolderFailsCleanly() throws {
        let target = "/nonexistent-gendeg-folder/out.png"
        XCTAssertThrowsError(try ImageIO.writePNG(try reference(), to: target)) { error in
            XCTAssertTrue("\(error)".hasPrefix(target), "\(error)")
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: target))
    }

    func assertReadFails(_ file: String, mentions fragment: String, maxMegapixels: Double = 64) throws {
        let full = file.hasPrefix("/") ? file : try path(file)
        XCTAssertThrowsError(try ImageIO.read(full, maxMegapixels: maxMegapixels)) { error in
            let text = "\(error)"
            XCTAssertTrue(text.contains(full), "error should name the file: \(text)")
            XCTAssertTrue(text.lowercased().contains(fragment), "error should say '\(fragment)': \(text)")
        }
    }

    func testBadFilesGiveClearErrors() throws {
        try assertReadFails("empty.png", mentions: "empty")
        try assertReadFails("truncated.png", mentions: "truncated")
        try assertReadFails("corrupt.png", mentions: "corrupt png")
        try assertReadFails("truncated.jpg", mentions: "jpeg")
        try assertReadFails("notanimage.gif", mentions: "unsupported format")
        try assertReadFails("/no/such/file.png", mentions: "no such file")
        try assertReadFails(NSTemporaryDirectory(), mentions: "folder")
    }

    func testHugeImagesAreRefusedBeforeDecoding() throws {
        // 13x7 = 91 pixels; a limit of 50 pixels must refuse it, naming the size.
        try assertReadFails("rgb8.png", mentions: "13x7", maxMegapixels: 0.00005)
        try assertReadFails("rgb.jpg", mentions: "over the limit", maxMegapixels: 0.00005)
    }

    func testMegapixelLimitComesFromTheEnvironment() throws {
        XCTAssertEqual(try ImageIO.megapixelLimit(environment: [:]), 64)
        XCTAssertEqual(try ImageIO.megapixelLimit(environment: ["GENDEG_MAX_MEGAPIXELS": "200"]), 200)
        // Anything but a finite number in range names the variable instead of silently using 64,
        // and 1e308 (which once overflowed to a negative pixel count) is out of range.
        for bad in ["lots", "nan", "inf", "-1", "0", "1e308", "1e309"] {
            XCTAssertThrowsError(try ImageIO.megapixelLimit(environment: ["GENDEG_MAX_MEGAPIXELS": bad]), bad) { error in
                XCTAssertTrue("\(error)".contains("GENDEG_MAX_MEGAPIXELS"), "\(error)")
            }
        }
    }

    func testCorruptBytesNeverCrash() throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: path("rgb8.png")))
        var generator = SeededRandom(seed: 7)
        for _ in 0..<300 {
            var bytes = [UInt8](data)
            for _ in 0..<Int(generator.next() % 6 + 1) {
                bytes[Int(generator.next() % UInt64(bytes.count))] = UInt8(truncatingIfNeeded: generator.next())
            }
            let cut = Int(generator.next() % UInt64(bytes.count + 1))
            _ = try? ImageIO.decode(Data(bytes[0..<max(cut, 1)]))
        }
    }
}
