import Foundation

/// When a progress line is drawn. On a terminal the bar is redrawn in place at most ten times a
/// second. Into a file or a pipe (a CI log, `2> log`) every draw is a new line, so, as pip and
/// cargo do, only the first state, one state every 5 seconds and the final state are written.
struct ProgressLinePolicy {
    let isTerminal: Bool
    private var lastDraw: Date?
    private var finalDrawn = false

    init(isTerminal: Bool) { self.isTerminal = isTerminal }

    static let terminalInterval: TimeInterval = 0.1
    static let logInterval: TimeInterval = 5

    mutating func shouldDraw(final: Bool, now: Date = Date()) -> Bool {
        if final {
            if finalDrawn && !isTerminal { return false }
            finalDrawn = true
            lastDraw = now
            return true
        }
        if let lastDraw, now.timeIntervalSince(lastDraw) < (isTerminal ? Self.terminalInterval : Self.logInterval) { return false }
        lastDraw = now
        return true
    }
}
