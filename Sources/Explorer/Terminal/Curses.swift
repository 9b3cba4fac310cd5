import CTerminal

/// A thin Swift face over the C shims: the only file that talks to ncurses.
enum Curses {
    static func start() -> Bool {
        gd_install_terminal_guards()
        guard gd_screen_start() == 0 else { return false }
        localeIsUTF8 = gd_locale_is_utf8() != 0
        return true
    }

    static func end() { gd_restore_terminal() }

    /// Why curses cannot drive this terminal ($TERM unset, unknown or dumb), or nil when it can.
    static func terminalProblem() -> String? {
        var message = [CChar](repeating: 0, count: 256)
        guard gd_terminal_check(&message, Int32(message.count)) != 0 else { return nil }
        return String(cString: message)
    }

    static var size: (rows: Int, cols: Int) {
        var rows: Int32 = 0, cols: Int32 = 0
        gd_screen_size(&rows, &cols)
        return (Int(rows), Int(cols))
    }

    static var colorCount: Int { Int(gd_colors()) }
    static var pairCount: Int { Int(gd_color_pairs()) }
    static var hasColors: Bool { gd_has_colors() != 0 }

    static func definePair(_ pair: Int, foreground: Int, background: Int) {
        gd_define_pair(Int32(pair), Int32(foreground), Int32(background))
    }

    static func erase() { gd_erase() }
    /// Every cell is sent again on the next refresh. `clearing` clears the screen first (which
    /// also wipes sixel pixels); without it the cells are rewritten in place, which kitty
    /// needs: a screen clear frees its images' data, and they could not be shown again.
    static func forceFullRepaint(clearing: Bool = true) { clearing ? gd_clear_all() : gd_redraw_all() }
    static func refresh() { gd_refresh() }

    /// Whether the locale shows UTF-8; decided once curses has set the locale.
    nonisolated(unsafe) static var localeIsUTF8 = true

    static func put(_ text: String, row: Int, col: Int) {
        guard !localeIsUTF8 else {
            text.withCString { gd_put(Int32(row), Int32(col), $0, Int32(-1)) }
            return
        }
        var column = col
        for glyph in LineDrawing.glyphs(text) {
            switch glyph {
            case .text(let run):
                run.withCString { gd_put(Int32(row), Int32(column), $0, Int32(-1)) }
                column += run.count
            case .line(let code):
                gd_put_line_char(Int32(row), Int32(column), code)
                column += 1
            }
        }
    }

    static func setStyle(pair: Int, bold: Bool = false, reverse: Bool = false, underline: Bool = false) {
        gd_set_style(Int32(pair), bold ? 1 : 0, reverse ? 1 : 0, underline ? 1 : 0)
    }

    static func fill(row: Int, col: Int, count: Int, pair: Int) {
        guard count > 0 else { return }
        gd_fill(Int32(row), Int32(col), Int32(count), Int32(pair))
    }

    static func setInputTimeout(milliseconds: Int) { gd_input_timeout(Int32(milliseconds)) }

    /// The next key, or nil when none arrived within the input timeout.
    static func readKey() -> Key? {
        var code: Int32 = 0
        switch gd_read_key(&code) {
        case 1: return functionKey(code)
        case 0: return characterKey(code)
        default: return nil
        }
    }

    static func writeRaw(_ bytes: [UInt8]) {
        bytes.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { _ = gd_write_raw($0.baseAddress, buffer.count) }
        }
    }

    private static func functionKey(_ code: Int32) -> Key? {
        switch code {
        case gd_key_up(): return .up
        case gd_key_down(): return .down
        case gd_key_left(): return .left
        case gd_key_right(): return .right
        case gd_key_backtab(): return .backTab
        case gd_key_resize(): return .resize
        case gd_key_enter(): return .enter
        case gd_key_backspace(): return .backspace
        case gd_key_dc(): return .delete
        case gd_key_home(): return .home
        case gd_key_end(): return .end
        case gd_key_npage(): return .pageDown
        case gd_key_ppage(): return .pageUp
        case gd_key_f(1): return .char("?")  // F1 is help in most terminal programs
        default: return nil
        }
    }

    private static func characterKey(_ code: Int32) -> Key? {
        switch code {
        case 9: return .tab
        case 10, 13: return .enter
        case 27: return .escape
        case 8, 127: return .backspace
        default:
            guard let scalar = Unicode.Scalar(UInt32(code)), code >= 32 else { return nil }
            return .char(Character(scalar))
        }
    }
}
