/// Everything detection looks at: the environment, what the terminal answered, and inside
/// tmux what tmux says about itself and what the outer terminal answered through it.
/// Recorded once, so the decision can be made (and tested) without a terminal.
public struct TerminalAnswers: Equatable, Sendable {
    /// TERM, TERM_PROGRAM, TMUX, COLORTERM and the like.
    public var environment: [String: String]
    /// Whether /dev/tty could be opened at all.
    public var hasTerminal: Bool
    /// The answers of the terminal the explorer writes to (tmux itself, inside tmux).
    public var direct: QueryAnswers
    /// The cell size from the kernel (TIOCGWINSZ), preferred to the terminal's answer.
    public var windowCellPixels: CellPixels?
    public var tmux: TmuxAnswers?

    public init(environment: [String: String], hasTerminal: Bool = true, direct: QueryAnswers = QueryAnswers(),
                windowCellPixels: CellPixels? = nil, tmux: TmuxAnswers? = nil) {
        self.environment = environment
        self.hasTerminal = hasTerminal
        self.direct = direct
        self.windowCellPixels = windowCellPixels
        self.tmux = tmux
    }

    /// Inside tmux when TMUX is set or tmux answered XTVERSION.
    public var insideTmux: Bool {
        environment["TMUX"].map { !$0.isEmpty } ?? false || (direct.version?.hasPrefix("tmux") ?? false)
    }

    public var cellPixels: CellPixels? { windowCellPixels ?? direct.cellPixels ?? tmux?.outer?.cellPixels }

    /// 24-bit colour only when COLORTERM says so (the convention terminals follow).
    public var trueColor: Bool { ["truecolor", "24bit"].contains(environment["COLORTERM"]?.lowercased() ?? "") }
}
