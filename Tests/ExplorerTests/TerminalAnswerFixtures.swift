@testable import GenDegExplorer

/// What real terminals answer to the explorer's probe (`TerminalQueries.round`: kitty query,
/// XTVERSION, CSI 16 t, XTSMGRAPHICS, DA1), as raw bytes. "recorded" ones were captured here
/// (Debian bookworm, Xvfb) with a script sending the same questions; the others are written
/// from the terminal's documentation and source of the named version.
enum TerminalAnswerFixtures {
    static let esc = "\u{1B}"
    static let st = "\u{1B}\\"

    /// Recorded: `xterm -ti vt340 -xrm 'XTerm*numColorRegisters: 256'`, XTerm(379). No answer
    /// to the kitty query or to CSI 16 t (allowWindowOps is off by default).
    static let xterm = TerminalAnswers(
        environment: ["TERM": "xterm"],
        direct: QueryAnswers(replies: bytes("\(esc)P>|XTerm(379)\(st)\(esc)[?1;0;256S\(esc)[?63;1;2;4;6;9;15;16;22;28c")),
        windowCellPixels: CellPixels(width: 6, height: 13))

    /// Recorded: kitty 0.26.5 (Debian's package) with software GL under Xvfb. It does not
    /// answer XTSMGRAPHICS (it logs a parse error) and lists no sixel in DA1.
    static let kitty = TerminalAnswers(
        environment: ["TERM": "xterm-kitty", "KITTY_WINDOW_ID": "1", "COLORTERM": "truecolor"],
        direct: QueryAnswers(replies: bytes("\(esc)_Gi=31;OK\(st)\(esc)P>|kitty(0.26.5)\(st)\(esc)[6;18;9t\(esc)[?62;c")),
        windowCellPixels: CellPixels(width: 9, height: 18))

    /// WezTerm 20240203: DA1 65;4;6;18;22 (sixel), XTVERSION "WezTerm <version>", TERM_PROGRAM
    /// set; the kitty query unanswered (enable_kitty_graphics is off by default).
    static let wezterm = TerminalAnswers(
        environment: ["TERM": "xterm-256color", "TERM_PROGRAM": "WezTerm", "TERM_PROGRAM_VERSION": "20240203-110809-5046fc22",
                      "COLORTERM": "truecolor"],
        direct: QueryAnswers(replies: bytes("\(esc)P>|WezTerm 20240203-110809-5046fc22\(st)\(esc)[?65;4;6;18;22c")),
        windowCellPixels: CellPixels(width: 8, height: 17))

    /// WezTerm with `enable_kitty_graphics = true`: it answers the kitty query too.
    static let weztermWithKitty = TerminalAnswers(
        environment: wezterm.environment,
        direct: QueryAnswers(replies: bytes("\(esc)_Gi=31;OK\(st)\(esc)P>|WezTerm 20240203-110809-5046fc22\(st)\(esc)[?65;4;6;18;22c")),
        windowCellPixels: CellPixels(width: 8, height: 17))

    /// foot 1.16: sixel in DA1 (62;4;22), 1024 colour registers, answers CSI 16 t, no kitty graphics.
    static let foot = TerminalAnswers(
        environment: ["TERM": "foot", "COLORTERM": "truecolor"],
        direct: QueryAnswers(replies: bytes("\(esc)P>|foot(1.16.2)\(st)\(esc)[6;20;10t\(esc)[?1;0;1024S\(esc)[?62;4;22c")))

    /// Konsole 23.08: kitty graphics (answers the query since 22.04) and sixel in DA1; no XTVERSION.
    static let konsole = TerminalAnswers(
        environment: ["TERM": "xterm-256color", "KONSOLE_VERSION": "230805", "COLORTERM": "truecolor"],
        direct: QueryAnswers(replies: bytes("\(esc)_Gi=31;OK\(st)\(esc)[6;19;9t\(esc)[?62;1;4c")))

    /// Recorded: tmux 3.3a inside xterm, default options (allow-passthrough off). tmux answers
    /// DA1 itself (1;2: no sixel) and XTVERSION; the kitty query is swallowed.
    static let tmux33InXterm = TerminalAnswers(
        environment: ["TERM": "screen", "TMUX": "/tmp/tmux-0/default,1234,0", "TERM_PROGRAM": "tmux"],
        direct: QueryAnswers(replies: bytes("\(esc)P>|tmux 3.3a\(st)\(esc)[?1;2c")),
        tmux: TmuxAnswers(version: "3.3a", passthrough: "off"))

    /// tmux 3.3a inside xterm with allow-passthrough on: the outer xterm answers the wrapped
    /// questions, and says sixel, which tmux 3.3 cannot carry.
    static let tmux33InXtermPassthrough = TerminalAnswers(
        environment: tmux33InXterm.environment, direct: tmux33InXterm.direct,
        tmux: TmuxAnswers(version: "3.3a", passthrough: "on",
                          outer: QueryAnswers(replies: bytes("\(esc)P>|XTerm(379)\(st)\(esc)[?63;1;2;4;6;9;15;16;22;28c"))))

    /// Recorded: tmux 3.3a inside kitty 0.26.5 with allow-passthrough on; the wrapped questions
    /// reach kitty, which answers OK, but 0.26 predates Unicode placeholders.
    static let tmux33InKitty = TerminalAnswers(
        environment: ["TERM": "screen", "TMUX": "/tmp/tmux-0/default,1234,0", "TERM_PROGRAM": "tmux"],
        direct: QueryAnswers(replies: bytes("\(esc)P>|tmux 3.3a\(st)\(esc)[?1;2c")),
        tmux: TmuxAnswers(version: "3.3a", passthrough: "on",
                          outer: QueryAnswers(replies: bytes("\(esc)_Gi=31;OK\(st)\(esc)P>|kitty(0.26.5)\(st)\(esc)[?62;c"))))

    /// tmux 3.4 built with --enable-sixel inside xterm: tmux lists 4 in its own DA1 and draws
    /// sixel images itself; allow-passthrough stays off.
    static let tmux34InXterm = TerminalAnswers(
        environment: ["TERM": "tmux-256color", "TMUX": "/tmp/tmux-0/default,1234,0", "TERM_PROGRAM": "tmux"],
        direct: QueryAnswers(replies: bytes("\(esc)P>|tmux 3.4\(st)\(esc)[?1;2;4c")),
        tmux: TmuxAnswers(version: "3.4", passthrough: "off"))

    /// tmux 3.4 built without sixel inside xterm, allow-passthrough on: the outer terminal has
    /// sixel, tmux cannot carry it.
    static let tmux34NoSixelInXterm = TerminalAnswers(
        environment: tmux34InXterm.environment,
        direct: QueryAnswers(replies: bytes("\(esc)P>|tmux 3.4\(st)\(esc)[?1;2c")),
        tmux: TmuxAnswers(version: "3.4", passthrough: "on",
                          outer: QueryAnswers(replies: bytes("\(esc)P>|XTerm(390)\(st)\(esc)[?63;1;2;4;6;9;15;16;22;28c"))))

    /// tmux 3.4 inside kitty 0.35 with allow-passthrough on: kitty answers through tmux and
    /// draws Unicode placeholders.
    static let tmux34InKitty = TerminalAnswers(
        environment: tmux34InXterm.environment,
        direct: QueryAnswers(replies: bytes("\(esc)P>|tmux 3.4\(st)\(esc)[?1;2c")),
        tmux: TmuxAnswers(version: "3.4", passthrough: "on",
                          outer: QueryAnswers(replies: bytes("\(esc)_Gi=31;OK\(st)\(esc)P>|kitty(0.35.2)\(st)\(esc)[?62;52;c"))))

    static func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }
}
