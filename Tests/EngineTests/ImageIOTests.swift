import XCTest
@testable import GenDegEngine
final class ImageIOTests: XCTestCase {
    func testRoundTrip() throws {
        var image = RGBImage(width: 5, height: 3)
        for i in image.pixels.indices { image.pixels[i] = Float(i % 7) / 6 }
        let data = try ImageIO.encodePNG(image, bitDepth: 16)
        let back = try ImageIO.decode(data)
        XCTAssertEqual(back.width, 5)
        for i in image.pixels.indices { XCTAssertEqual(back.pixels[i], image.pixels[i], accuracy: 1e-4) }
    }
}
