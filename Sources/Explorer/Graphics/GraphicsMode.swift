/// How images reach the screen (`--graphics`).
public enum GraphicsMode: String, CaseIterable, Sendable {
    /// Chosen by `GraphicsDetection` from what the terminal answers.
    case auto
    /// The kitty graphics protocol (kitty, Ghostty, Konsole; WezTerm on request).
    case kitty
    /// iTerm2 inline images, OSC 1337 (iTerm2, WezTerm).
    case iterm2
    case sixel
    case blocks
    case none

    /// Whether images are drawn at all in this (resolved) mode.
    public var drawsImages: Bool { self != .none && self != .auto }
}
