import CTerminal

/// How text reaches a terminal whose locale is not UTF-8: box-drawing and block characters
/// become the terminal's alternate character set (ncurses' ACS_*), other non-ASCII text a '?'.
enum LineDrawing {
    enum Glyph: Equatable {
        case text(String)
        case line(Int32)
    }

    static func acsCode(for character: Character) -> Int32? {
        switch character {
        case "─", "━", "═": return Int32(GD_LINE_HORIZONTAL)
        case "│", "┃", "║": return Int32(GD_LINE_VERTICAL)
        case "┌", "┏": return Int32(GD_LINE_TOP_LEFT)
        case "┐", "┓": return Int32(GD_LINE_TOP_RIGHT)
        case "└", "┗": return Int32(GD_LINE_BOTTOM_LEFT)
        case "┘", "┛": return Int32(GD_LINE_BOTTOM_RIGHT)
        case "●", "◆", "▲": return Int32(GD_LINE_KNOB)
        case "█", "▇", "▆", "▅": return Int32(GD_LINE_BLOCK)
        case "▁", "▂", "▃", "▄", "▀", "░", "▒", "▓": return Int32(GD_LINE_SHADE)
        case "◀", "◂", "←": return Int32(GD_LINE_LEFT_ARROW)
        case "▶", "▸", "→": return Int32(GD_LINE_RIGHT_ARROW)
        case "·", "•": return Int32(GD_LINE_BULLET)
        default: return nil
        }
    }

    /// Splits a line into runs of ASCII text and single line-drawing glyphs, one column each.
    static func glyphs(_ text: String) -> [Glyph] {
        var result: [Glyph] = []
        var run = ""
        for character in text {
            if let code = acsCode(for: character) {
                if !run.isEmpty { result.append(.text(run)); run = "" }
                result.append(.line(code))
            } else {
                run.append(character.isASCII ? character : "?")
            }
        }
        if !run.isEmpty { result.append(.text(run)) }
        return result
    }
}
