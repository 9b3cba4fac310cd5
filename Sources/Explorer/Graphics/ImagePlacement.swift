/// Wraps encoded image bytes so they land at a screen cell without disturbing curses:
/// DECSC saves the cursor (and attributes), CUP moves, the image is drawn, DECRC restores.
public enum ImagePlacement {
    static let save: [UInt8] = [0x1B, 0x37]
    static let restore: [UInt8] = [0x1B, 0x38]

    static func cursorPosition(row: Int, col: Int) -> [UInt8] { Array("\u{1B}[\(row + 1);\(col + 1)H".utf8) }

    /// An image (sixel, kitty, iTerm2) whose top-left corner is the cell at (row, col), zero-based.
    public static func at(row: Int, col: Int, _ bytes: [UInt8]) -> [UInt8] {
        save + cursorPosition(row: row, col: col) + bytes + restore
    }

    /// A sixel image whose top-left corner is the cell at (row, col), zero-based.
    public static func sixel(_ bytes: [UInt8], row: Int, col: Int) -> [UInt8] { at(row: row, col: col, bytes) }

    /// Bytes that position themselves, between a cursor save and restore.
    static func saved(_ bytes: [UInt8]) -> [UInt8] { save + bytes + restore }

    /// Half-block rows, one per screen row from (row, col) down.
    public static func blocks(_ rows: [[UInt8]], row: Int, col: Int) -> [UInt8] {
        var out = save
        for (offset, line) in rows.enumerated() { out += cursorPosition(row: row + offset, col: col) + line }
        return out + restore
    }
}
