/// Text from a file (tensor names, safetensors metadata, registry summaries, model names) made
/// safe to print: a terminal acts on control characters, so an ESC or BEL hidden in a file could
/// retitle the window, move the cursor or rewrite what was printed before. Every printer of file
/// content (`inspect`, `restorers`, error messages, the explorer's screen) goes through `escaped`.
public enum TerminalText {
    /// `text` with each control character written visibly: `\e` for ESC, `\n` `\r` `\t` for
    /// line breaks and tabs (kept as they are when `keepingLineBreaks`), `\u{XX}` for the other
    /// C0 and C1 controls, DEL and the bidirectional overrides that reorder what follows.
    public static func escaped(_ text: String, keepingLineBreaks: Bool = false) -> String {
        guard text.unicodeScalars.contains(where: { needsEscape($0, keepingLineBreaks: keepingLineBreaks) }) else {
            return text
        }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            guard needsEscape(scalar, keepingLineBreaks: keepingLineBreaks) else {
                out.append(scalar)
                continue
            }
            let visible: String
            switch scalar {
            case "\u{1B}": visible = "\\e"
            case "\n": visible = "\\n"
            case "\r": visible = "\\r"
            case "\t": visible = "\\t"
            default:
                let hex = String(scalar.value, radix: 16, uppercase: true)
                visible = "\\u{" + String(repeating: "0", count: max(0, 2 - hex.count)) + hex + "}"
            }
            out.append(contentsOf: visible.unicodeScalars)
        }
        return String(out)
    }

    static func needsEscape(_ scalar: Unicode.Scalar, keepingLineBreaks: Bool) -> Bool {
        switch scalar.value {
        case 0x0A, 0x09: return !keepingLineBreaks
        case 0x00...0x1F, 0x7F...0x9F: return true
        case 0x202A...0x202E, 0x2066...0x2069: return true
        default: return false
        }
    }
}
