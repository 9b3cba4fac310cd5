import Foundation

/// A running job's progress, for the status line.
public struct JobProgress: Equatable, Sendable {
    public var label: String
    public var step: Int
    public var total: Int
    public var started: Date

    /// Seconds left, extrapolated from the time the finished steps took.
    public func secondsLeft(now: Date = Date()) -> Double? {
        guard step > 0, total > step else { return nil }
        return now.timeIntervalSince(started) / Double(step) * Double(total - step)
    }
}
