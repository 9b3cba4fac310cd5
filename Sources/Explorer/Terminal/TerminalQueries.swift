/// The questions asked before curses starts, and how their answers are read.
public enum TerminalQueries {
    /// The kitty graphics query: a 1x1 RGB image with action `a=q`, which a terminal that
    /// speaks the protocol tries to load (without storing it) and answers; others ignore it.
    public static let kittyQueryID = 31
    public static let kitty = "\u{1B}_Gi=\(kittyQueryID),s=1,v=1,a=q,t=d,f=24;AAAA\u{1B}\\"
    /// XTVERSION: the terminal's name and version.
    public static let version = "\u{1B}[>0q"
    /// The cell size in pixels (answered `ESC [ 6 ; height ; width t`).
    public static let cellSize = "\u{1B}[16t"
    /// XTSMGRAPHICS: how many sixel colour registers there are.
    public static let colorRegisters = "\u{1B}[?1;1;0S"
    /// DA1, sent last: every terminal answers it, so its answer ends the wait for the others.
    public static let deviceAttributes = "\u{1B}[c"

    /// The questions of one round, DA1 last.
    public static let round = kitty + version + cellSize + colorRegisters + deviceAttributes
    /// Inside tmux the kitty query goes only through passthrough: tmux takes a bare APC
    /// sequence for a pane title and would show the query's keys in its status line.
    public static let roundInsideTmux = version + cellSize + colorRegisters + deviceAttributes

    /// DA1's attribute numbers (4 = sixel).
    public static func deviceAttributes(in replies: [TerminalReply]) -> [Int]? {
        for case .csi(let parameters, "c") in replies where parameters.hasPrefix("?") {
            return parameters.dropFirst().split(separator: ";").compactMap { Int($0) }
        }
        return nil
    }

    /// XTVERSION's text, e.g. "kitty(0.26.5)", "XTerm(379)", "tmux 3.4".
    public static func version(in replies: [TerminalReply]) -> String? {
        for case .dcs(let body) in replies where body.hasPrefix(">|") { return String(body.dropFirst(2)) }
        return nil
    }

    /// The message of the kitty query's answer: "OK" or an error.
    public static func kittyAnswer(in replies: [TerminalReply]) -> String? {
        for case .apc(let body) in replies where body.hasPrefix("Gi=\(kittyQueryID)") {
            guard let semicolon = body.firstIndex(of: ";") else { return "" }
            return String(body[body.index(after: semicolon)...])
        }
        return nil
    }

    public static func cellSize(in replies: [TerminalReply]) -> CellPixels? {
        for case .csi(let parameters, "t") in replies {
            let parts = parameters.split(separator: ";").compactMap { Int($0) }
            if parts.count == 3, parts[0] == 6, parts[1] > 0, parts[2] > 0 { return CellPixels(width: parts[2], height: parts[1]) }
        }
        return nil
    }

    /// The colour register count from XTSMGRAPHICS (`ESC [ ? 1 ; 0 ; count S`; status 0 = success).
    public static func colorRegisters(in replies: [TerminalReply]) -> Int? {
        for case .csi(let parameters, "S") in replies where parameters.hasPrefix("?1;") {
            let parts = parameters.dropFirst().split(separator: ";").compactMap { Int($0) }
            if parts.count == 3, parts[1] == 0 { return parts[2] }
        }
        return nil
    }

    /// A sequence wrapped for tmux's passthrough (`ESC P tmux ; ... ESC \`, every ESC inside
    /// doubled), which tmux hands to the outer terminal when `allow-passthrough` is on.
    public static func tmuxWrapped(_ bytes: [UInt8]) -> [UInt8] {
        var out = Array("\u{1B}Ptmux;".utf8)
        out.reserveCapacity(bytes.count + 16)
        for byte in bytes {
            if byte == 0x1B { out.append(0x1B) }
            out.append(byte)
        }
        return out + [0x1B, UInt8(ascii: "\\")]
    }

    /// Each sequence of a round wrapped on its own: tmux passes one sequence per wrapper.
    public static func tmuxWrappedRound() -> [UInt8] {
        [kitty, version, deviceAttributes].flatMap { tmuxWrapped(Array($0.utf8)) }
    }
}
