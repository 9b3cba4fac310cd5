/// Where the help overlay's list is scrolled to, and the keys that move it. The list and page
/// sizes come from the screen (HelpText, OverlayFrame), so every binding is reachable on the
/// smallest screen the explorer accepts.
public struct HelpScroll: Equatable, Sendable {
    /// The first list line shown.
    public private(set) var offset = 0

    public init() {}

    /// Applies a scrolling key; returns false for keys that do not scroll.
    public mutating func handle(_ key: Key, lineCount: Int, pageRows: Int) -> Bool {
        let page = max(1, pageRows)
        switch key {
        case .up, .char("k"): offset -= 1
        case .down, .char("j"): offset += 1
        case .pageUp: offset -= page
        case .pageDown, .char(" "): offset += page
        case .home: offset = 0
        case .end: offset = lineCount
        default: return false
        }
        clamp(lineCount: lineCount, pageRows: page)
        return true
    }

    /// Keeps the last page full, e.g. after a resize.
    public mutating func clamp(lineCount: Int, pageRows: Int) {
        offset = min(max(0, offset), max(0, lineCount - max(1, pageRows)))
    }

    public mutating func reset() { offset = 0 }
}
