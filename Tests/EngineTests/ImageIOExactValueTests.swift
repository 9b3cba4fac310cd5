import Foundation
import XCTest
@testable import GenDegEngine

/// PNG layouts whose every sample is known: the fixtures come from
/// Fixtures/images/make_exact_variants.py, and these tests recompute its formulas.
final class ImageIOExactValueTests: XCTestCase {
    let width = 11, height = 5

    func read(_ name: String) throws -> RGBImage {
        let url = try XCTUnwrap(Bundle.module.url(forResource: "Fixtures/images/\(name)", withExtension: nil), name)
        return try ImageIO.read(url.path)
    }

    func assertPixels(_ image: RGBImage, _ label: String, tolerance: Float = 1e-6,
                      expected: (_ x: Int, _ y: Int, _ channel: Int) -> Float) {
        XCTAssertEqual(image.width, width, label)
        XCTAssertEqual(image.height, height, label)
        guard image.width == width, image.height == height else { return }
        var worst: Float = 0
        for c in 0..<3 {
            for y in 0..<height {
                for x in 0..<width {
                    worst = max(worst, abs(image.pixels[(c * height + y) * width + x] - expected(x, y, c)))
                }
            }
        }
        XCTAssertLessThanOrEqual(worst, tolerance, label)
    }

    func testSubByteGrayLevelsScaleToTheFullRange() throws {
        for depth in [1, 2, 4] {
            let levels = Float((1 << depth) - 1)
            assertPixels(try read("gray\(depth)bit.png"), "\(depth)-bit gray") { x, y, _ in
                Float((x * 3 + y * 5) % (1 << depth)) / levels
            }
        }
    }

    func testSixteenBitRGBKeepsEverySample() throws {
        let expected: (Int, Int, Int) -> Float = { x, y, c in Float((x * 5923 + y * 7717 + c * 20011 + 257) % 65536) / 65535 }
        assertPixels(try read("rgb16-exact.png"), "16-bit RGB", expected: expected)
        assertPixels(try read("interlaced16.png"), "16-bit Adam7", expected: expected)
        // Most of these samples lie between two 8-bit levels: an 8-bit path could not pass.
        let offGrid = (0..<width).filter { x in
            let v = expected(x, 0, 0) * 255
            return abs(v - v.rounded()) > 0.01
        }
        XCTAssertGreaterThan(offGrid.count, width / 2)
    }

    func testSixteenBitGrayAlphaDropsAlphaAndKeepsGray() throws {
        assertPixels(try read("grayalpha16.png"), "16-bit gray+alpha") { x, y, _ in
            Float((x * 4099 + y * 13001 + 3) % 65536) / 65535
        }
    }

    func testPaletteWithTransparencyGivesThePaletteColours() throws {
        let palette: [[Float]] = [[255, 0, 0], [0, 128, 255], [12, 200, 34], [250, 250, 10]]
        assertPixels(try read("palette-trns.png"), "palette + tRNS") { x, y, c in
            palette[(x + 2 * y) % palette.count][c] / 255
        }
    }

    func testCMYKJPEGDecodesToTheSamePicture() throws {
        let reference = try read("rgb8.png")
        let cmyk = try read("cmyk.jpg")
        XCTAssertEqual(cmyk.width, reference.width)
        XCTAssertEqual(cmyk.height, reference.height)
        let meanError = zip(cmyk.pixels, reference.pixels).map { abs($0 - $1) }.reduce(0, +) / Float(reference.pixels.count)
        XCTAssertLessThan(meanError, 0.05, "CMYK must convert to RGB, not be refused or mis-read")
    }

    func testDamagedJPEGDataIsAnErrorNotGreyBlocks() throws {
        let url = try XCTUnwrap(Bundle.module.url(forResource: "Fixtures/images/corrupt.jpg", withExtension: nil))
        XCTAssertThrowsError(try ImageIO.read(url.path)) { error in
            let text = "\(error)"
            XCTAssertTrue(text.contains(url.path), text)
            XCTAssertTrue(text.lowercased().contains("corrupt jpeg"), text)
        }
    }

    func testHugeHeaderIsRefusedAtTheDefaultLimit() throws {
        let url = try XCTUnwrap(Bundle.module.url(forResource: "Fixtures/images/huge-header.png", withExtension: nil))
        XCTAssertThrowsError(try ImageIO.read(url.path)) { error in
            let text = "\(error)"
            XCTAssertTrue(text.contains("100000x100000"), text)
            XCTAssertTrue(text.contains("over the limit"), text)
        }
    }
}
