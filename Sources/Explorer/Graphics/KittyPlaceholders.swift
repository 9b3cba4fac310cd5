/// Kitty's Unicode placeholders: cells of U+10EEEE whose foreground colour names the image
/// and whose two combining marks name the image row and column the cell shows. Being text,
/// they go through tmux like any other character, which is why kitty images work in tmux.
public enum KittyPlaceholders {
    static let placeholder = UnicodeScalar(0x10EEEE)!

    /// The protocol's row/column marks, in order (index n means row or column n): the
    /// combining characters of class 230 in Unicode 6.0 without decompositions, less a few
    /// that normalisation fuses with base letters, as the kitty specification lists them.
    static let diacritics: [UnicodeScalar] = {
        let ranges: [ClosedRange<UInt32>] = [
            0x0305...0x0305, 0x030D...0x030E, 0x0310...0x0310, 0x0312...0x0312, 0x033D...0x033F, 0x0346...0x0346,
            0x034A...0x034C, 0x0350...0x0352, 0x0357...0x0357, 0x035B...0x035B, 0x0363...0x036F, 0x0483...0x0487,
            0x0592...0x0595, 0x0597...0x0599, 0x059C...0x05A1, 0x05A8...0x05A9, 0x05AB...0x05AC, 0x05AF...0x05AF,
            0x05C4...0x05C4, 0x0610...0x0617, 0x0657...0x065B, 0x065D...0x065E, 0x06D6...0x06DC, 0x06DF...0x06E2,
            0x06E4...0x06E4, 0x06E7...0x06E8, 0x06EB...0x06EC, 0x0730...0x0730, 0x0732...0x0733, 0x0735...0x0736,
            0x073A...0x073A, 0x073D...0x073D, 0x073F...0x0741, 0x0743...0x0743, 0x0745...0x0745, 0x0747...0x0747,
            0x0749...0x074A, 0x07EB...0x07F1, 0x07F3...0x07F3, 0x0816...0x0819, 0x081B...0x0823, 0x0825...0x0827,
            0x0829...0x082D, 0x0951...0x0951, 0x0953...0x0954, 0x0F82...0x0F83, 0x0F86...0x0F87, 0x135D...0x135F,
            0x17DD...0x17DD, 0x193A...0x193A, 0x1A17...0x1A17, 0x1A75...0x1A7C, 0x1B6B...0x1B6B, 0x1B6D...0x1B73,
            0x1CD0...0x1CD2, 0x1CDA...0x1CDB, 0x1CE0...0x1CE0, 0x1DC0...0x1DC1, 0x1DC3...0x1DC9, 0x1DCB...0x1DCC,
            0x1DD1...0x1DE6, 0x1DFE...0x1DFE, 0x20D0...0x20D1, 0x20D4...0x20D7, 0x20DB...0x20DC, 0x20E1...0x20E1,
            0x20E7...0x20E7, 0x20E9...0x20E9, 0x20F0...0x20F0, 0x2CEF...0x2CF1, 0x2DE0...0x2DFF, 0xA66F...0xA66F,
            0xA67C...0xA67D, 0xA6F0...0xA6F1, 0xA8E0...0xA8F1, 0xAAB0...0xAAB0, 0xAAB2...0xAAB3, 0xAAB7...0xAAB8,
            0xAABE...0xAABF, 0xAAC1...0xAAC1, 0xFE20...0xFE26, 0x10A0F...0x10A0F, 0x10A38...0x10A38,
            0x1D185...0x1D189, 0x1D1AA...0x1D1AD, 0x1D242...0x1D244,
        ]
        return ranges.flatMap { $0.map { UnicodeScalar($0)! } }
    }()

    /// The most rows or columns one image can span.
    public static var maximumSpan: Int { diacritics.count }

    /// The placeholder cells for image `id` (below 256, so the 256-colour foreground that every
    /// multiplexer passes unchanged can carry it) over `cols` x `rows` cells from (row, col).
    /// Every cell names its row and column, so a partial redraw by tmux still shows the right part.
    public static func cells(id: Int, row: Int, col: Int, rows: Int, cols: Int) -> [UInt8] {
        precondition(id > 0 && id < 256 && rows <= maximumSpan && cols <= maximumSpan)
        var text = ""
        for r in 0..<rows {
            text += "\u{1B}[\(row + r + 1);\(col + 1)H\u{1B}[38;5;\(id)m"
            for c in 0..<cols {
                text.unicodeScalars.append(placeholder)
                text.unicodeScalars.append(diacritics[r])
                text.unicodeScalars.append(diacritics[c])
            }
            text += "\u{1B}[39m"
        }
        return Array(text.utf8)
    }
}
