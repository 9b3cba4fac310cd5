/// Where the help overlay's list is scrolled to. The list and page sizes come from the screen
/// (HelpText, OverlayFrame), so every binding is reachable on the smallest screen the explorer
/// accepts.
public struct HelpScroll: Equatable, Sendable {
    public enum Move: Equatable, Sendable {
        case lines(Int)
        case pages(Int)
        case top
        case bottom
    }

    /// The first list line shown.
    public private(set) var offset = 0

    public init() {}

    public mutating func apply(_ move: Move, lineCount: Int, pageRows: Int) {
        let page = max(1, pageRows)
        switch move {
        case .lines(let n): offset += n
        case .pages(let n): offset += n * page
        case .top: offset = 0
        case .bottom: offset = lineCount
        }
        clamp(lineCount: lineCount, pageRows: page)
    }

    /// Keeps the last page full, e.g. after a resize.
    public mutating func clamp(lineCount: Int, pageRows: Int) {
        offset = min(max(0, offset), max(0, lineCount - max(1, pageRows)))
    }
}
