import Foundation
import GenDegEngine
@testable import GenDegExplorer
import XCTest

/// The kitty, iTerm2 and placeholder escapes, byte for byte, on small images.
final class ImageEncoderTests: XCTestCase {
    private let esc = "\u{1B}", st = "\u{1B}\\"

    /// A 2x2 canvas of exact 8-bit colours: red, blue / green, white.
    private func tiny() -> RGBCanvas {
        var image = RGBImage(width: 2, height: 2)
        image[0, 0, 0] = 1
        image[1, 1, 0] = 1
        image[2, 0, 1] = 1
        for c in 0..<3 { image[c, 1, 1] = 1 }
        return RGBCanvas(width: 2, height: 2, background: RGBColor(0, 0, 0), image: image)
    }

    private func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }

    func testKittyRGBAOfATinyImageByteForByte() throws {
        let bytes = try KittyEncoder.transmit(tiny(), id: 7, cols: 1, rows: 1, format: .rgba)
        let rgba: [UInt8] = [255, 0, 0, 255, 0, 0, 255, 255, 0, 255, 0, 255, 255, 255, 255, 255]
        XCTAssertEqual(Data(rgba).base64EncodedString(), "/wAA/wAA//8A/wD//////w==")
        XCTAssertEqual(text(bytes), "\(esc)_Ga=T,i=7,p=1,q=2,f=32,s=2,v=2,c=1,r=1,C=1;/wAA/wAA//8A/wD//////w==\(st)")
    }

    func testKittyChunksAreAtMost4096AndOnlyTheFirstCarriesKeys() throws {
        var image = RGBImage(width: 64, height: 32)
        for i in 0..<image.pixels.count { image.pixels[i] = Float(i % 251) / 250 }
        let canvas = RGBCanvas(width: 64, height: 32, background: RGBColor(0, 0, 0), image: image)
        let base64 = Data(KittyEncoder.rgba(canvas)).base64EncodedString()
        XCTAssertEqual(base64.count, 10924, "64x32 RGBA is 8192 bytes")
        let b = Array(base64)
        let expected = "\(esc)_Ga=T,i=2,p=1,q=2,f=32,s=64,v=32,c=8,r=2,C=1,m=1;" + String(b[0..<4096]) + st
            + "\(esc)_Gm=1;" + String(b[4096..<8192]) + st + "\(esc)_Gm=0;" + String(b[8192...]) + st
        XCTAssertEqual(text(try KittyEncoder.transmit(canvas, id: 2, cols: 8, rows: 2, format: .rgba)), expected)
    }

    func testKittyPNGPayloadIsThePNGOfTheCanvas() throws {
        let canvas = tiny()
        let bytes = try KittyEncoder.transmit(canvas, id: 1, cols: 1, rows: 1, format: .png)
        let png = try ImageIO.encodePNG(canvas.rgbImage())
        XCTAssertEqual(text(bytes), "\(esc)_Ga=T,i=1,p=1,q=2,f=100,c=1,r=1,C=1;\(png.base64EncodedString())\(st)")
        let decoded = try ImageIO.decode(png)
        XCTAssertEqual(RGBCanvas(width: 2, height: 2, background: RGBColor(0, 0, 0), image: decoded), canvas)
    }

    func testKittyIdsAreReusedShownAgainWithoutDataAndDeleted() throws {
        let setup = GraphicsSetup(mode: .kitty, cellWidth: 2, cellHeight: 2, kittyFormat: .rgba)
        let area = CellRect(row: 3, col: 4, rows: 1, cols: 1)
        let first = try setup.encode(RGBImage(width: 2, height: 2, fill: 0), area: area, background: RGBColor(0, 0, 0), imageID: 5)
        let second = try setup.encode(RGBImage(width: 2, height: 2, fill: 1), area: area, background: RGBColor(0, 0, 0), imageID: 5)
        XCTAssertEqual(text(first.bytes), "\(esc)7\(esc)[4;5H\(esc)_Ga=T,i=5,p=1,q=2,f=32,s=2,v=2,c=1,r=1,C=1;AAAA/wAAAP8AAAD/AAAA/w==\(st)\(esc)8")
        XCTAssertEqual(text(second.bytes), "\(esc)7\(esc)[4;5H\(esc)_Ga=T,i=5,p=1,q=2,f=32,s=2,v=2,c=1,r=1,C=1;/////////////////////w==\(st)\(esc)8",
                       "a new image of the pane replaces the old one under the same id")
        XCTAssertEqual(text(first.again), "\(esc)7\(esc)[4;5H\(esc)_Ga=p,i=5,p=1,c=1,r=1,C=1,q=2\(st)\(esc)8", "shown again without data")
        XCTAssertEqual(text(first.hide), "\(esc)_Ga=d,d=i,i=5,q=2\(st)", "hidden, data kept")
        XCTAssertEqual(text(setup.release(imageID: 5)), "\(esc)_Ga=d,d=I,i=5,q=2\(st)", "freed on exit")
        XCTAssertEqual(GraphicsSetup(mode: .sixel).release(imageID: 5), [])
    }

    func testPlaceholderCellsNameRowAndColumn() {
        XCTAssertEqual(KittyPlaceholders.maximumSpan, 297)
        XCTAssertEqual(KittyPlaceholders.diacritics[0].value, 0x0305)
        XCTAssertEqual(KittyPlaceholders.diacritics[1].value, 0x030D)
        XCTAssertEqual(KittyPlaceholders.diacritics[296].value, 0x1D244)
        XCTAssertEqual(Set(KittyPlaceholders.diacritics).count, 297)
        let cells = text(KittyPlaceholders.cells(id: 5, row: 2, col: 3, rows: 2, cols: 2))
        XCTAssertEqual(cells, "\(esc)[3;4H\(esc)[38;5;5m\u{10EEEE}\u{0305}\u{0305}\u{10EEEE}\u{0305}\u{030D}\(esc)[39m"
                       + "\(esc)[4;4H\(esc)[38;5;5m\u{10EEEE}\u{030D}\u{0305}\u{10EEEE}\u{030D}\u{030D}\(esc)[39m")
    }

    func testKittyThroughTmuxWrapsEachChunkAndWritesPlaceholderText() throws {
        let setup = GraphicsSetup(mode: .kitty, cellWidth: 2, cellHeight: 2, kittyPlaceholders: true, tmuxPassthrough: true, kittyFormat: .rgba)
        let placed = try setup.encode(RGBImage(width: 2, height: 2, fill: 0), area: CellRect(row: 0, col: 0, rows: 1, cols: 1),
                                      background: RGBColor(0, 0, 0), imageID: 9)
        let cell = "\(esc)7\(esc)[1;1H\(esc)[38;5;9m\u{10EEEE}\u{0305}\u{0305}\(esc)[39m\(esc)8"
        XCTAssertEqual(text(placed.bytes), "\(esc)Ptmux;\(esc)\(esc)_Ga=T,i=9,p=1,q=2,f=32,s=2,v=2,U=1,c=1,r=1;AAAA/wAAAP8AAAD/AAAA/w==\(esc)\(st)\(st)" + cell)
        XCTAssertEqual(text(placed.again), cell, "a repaint writes only the placeholder cells")
        XCTAssertEqual(placed.hide, [], "placeholder cells go with a repaint")
        let big = try setup.encode(RGBImage(width: 64, height: 64, fill: 0.5), area: CellRect(row: 0, col: 0, rows: 32, cols: 32),
                                   background: RGBColor(0, 0, 0), imageID: 9)
        let wrapped = text(big.bytes).components(separatedBy: "\(esc)Ptmux;").count - 1
        XCTAssertEqual(wrapped, 6, "64x64 RGBA is 21848 base64 bytes: six chunks, each wrapped on its own")
    }

    func testSixelOfATinyImageByteForByte() throws {
        // 8x6: red left half, blue right half; one band, two registers (libsixel's fast,
        // low-quality palette gives 97% for full channels), each run-length coded.
        var image = RGBImage(width: 8, height: 6)
        for y in 0..<6 { for x in 0..<8 { image[x < 4 ? 0 : 2, y, x] = 1 } }
        let canvas = RGBCanvas(width: 8, height: 6, background: RGBColor(0, 0, 0), image: image)
        XCTAssertEqual(text(try SixelEncoder.encode(canvas)), "\(esc)Pq\"1;1;8;6#0;2;97;0;0#1;2;0;0;97#0!4~#1!4~\(st)")
    }

    func testITerm2InlineImageByteForByte() throws {
        let canvas = tiny()
        let png = try ImageIO.encodePNG(canvas.rgbImage())
        let bytes = try ITerm2Encoder.encode(canvas, cols: 3, rows: 2)
        XCTAssertEqual(text(bytes), "\(esc)]1337;File=inline=1;size=\(png.count);width=3;height=2;preserveAspectRatio=0:\(png.base64EncodedString())\u{07}")
        let setup = GraphicsSetup(mode: .iterm2, cellWidth: 2, cellHeight: 2)
        let placed = try setup.encode(RGBImage(width: 2, height: 2, fill: 0), area: CellRect(row: 1, col: 1, rows: 1, cols: 1), background: RGBColor(0, 0, 0))
        XCTAssertTrue(text(placed.bytes).hasPrefix("\(esc)7\(esc)[2;2H\(esc)]1337;File=inline=1;"))
        XCTAssertEqual(placed.again, placed.bytes, "the image lives in the cells: a repaint sends it again")
    }
}
