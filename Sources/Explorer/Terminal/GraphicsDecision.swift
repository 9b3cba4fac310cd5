/// How images will reach this terminal, and why: the outcome of `GraphicsDetection`.
public struct GraphicsDecision: Equatable, Sendable {
    /// Never `.auto`.
    public var mode: GraphicsMode
    /// Kitty images shown through Unicode placeholder cells (U=1) instead of direct placements:
    /// the only kind a multiplexer keeps in the right place.
    public var kittyPlaceholders: Bool
    /// Image escapes wrapped in tmux's passthrough to reach the outer terminal.
    public var tmuxPassthrough: Bool
    /// How kitty images travel: PNG where bytes are dear (ssh, tmux), raw RGBA locally.
    public var kittyFormat: KittyEncoder.Format = .png
    /// One line for the status bar when images could have been better and are not.
    public var notice: String?
    /// Every step of the decision, for `--dump-detect`.
    public var reasons: [String]

    public init(mode: GraphicsMode, kittyPlaceholders: Bool = false, tmuxPassthrough: Bool = false,
                notice: String? = nil, reasons: [String]) {
        self.mode = mode
        self.kittyPlaceholders = kittyPlaceholders
        self.tmuxPassthrough = tmuxPassthrough
        self.notice = notice
        self.reasons = reasons
    }
}
