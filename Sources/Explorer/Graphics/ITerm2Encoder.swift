import Foundation
import GenDegEngine

/// iTerm2's inline image escape (OSC 1337 File=), which iTerm2 and WezTerm draw: a PNG scaled
/// to a cell rectangle at the cursor. Like sixel, the image lives in the cells, so a repaint
/// erases it and it is sent again.
public enum ITerm2Encoder {
    public static func encode(_ canvas: RGBCanvas, cols: Int, rows: Int) throws -> [UInt8] {
        let png = try ImageIO.encodePNG(canvas.rgbImage())
        return Array("\u{1B}]1337;File=inline=1;size=\(png.count);width=\(cols);height=\(rows);preserveAspectRatio=0:".utf8)
            + Array(png.base64EncodedData()) + [0x07]
    }
}
