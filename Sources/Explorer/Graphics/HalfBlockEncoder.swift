/// Draws an RGB raster as text: each cell is '▀' with the upper pixel as foreground and the
/// lower pixel as background, so a cell shows two pixels stacked.
public enum HalfBlockEncoder {
    public enum ColorDepth: Sendable {
        case trueColor
        case palette256
    }

    /// One byte string per text row (the canvas height must be even); the caller positions
    /// each row. Colours are only re-sent when they change along the row.
    public static func rows(_ canvas: RGBCanvas, depth: ColorDepth) -> [[UInt8]] {
        precondition(canvas.height % 2 == 0, "half-block canvases have an even height")
        let block = Array("▀".utf8)
        var rows: [[UInt8]] = []
        for row in 0..<(canvas.height / 2) {
            var out: [UInt8] = []
            out.reserveCapacity(canvas.width * 24)
            var lastTop: RGBColor?, lastBottom: RGBColor?
            for x in 0..<canvas.width {
                let top = canvas.pixel(x: x, y: 2 * row), bottom = canvas.pixel(x: x, y: 2 * row + 1)
                if top != lastTop { out += sgr(38, top, depth) }
                if bottom != lastBottom { out += sgr(48, bottom, depth) }
                lastTop = top
                lastBottom = bottom
                out += block
            }
            out += Array("\u{1B}[0m".utf8)
            rows.append(out)
        }
        return rows
    }

    private static func sgr(_ layer: Int, _ color: RGBColor, _ depth: ColorDepth) -> [UInt8] {
        switch depth {
        case .trueColor: return Array("\u{1B}[\(layer);2;\(color.r);\(color.g);\(color.b)m".utf8)
        case .palette256: return Array("\u{1B}[\(layer);5;\(ColorMapping.xterm256(color))m".utf8)
        }
    }
}
