import Foundation

/// The independent kinds of background work a session runs; each has its own queue, so a
/// slow restorer never delays the next physical preview.
public enum SessionLane: String, CaseIterable, Sendable {
    case load
    case physical
    case metrics
    case restore
    case diffusion
    case export
}

/// Generation tokens, one counter per lane. A job remembers the token it was started with;
/// when the counter has moved on, the job is stale: it stops at its next check and its
/// result is dropped. This is how a new slider value supersedes work in flight.
final class LaneTokens: @unchecked Sendable {
    private let lock = NSLock()
    private var counters: [SessionLane: Int] = [:]

    func bump(_ lane: SessionLane) -> Int {
        lock.lock(); defer { lock.unlock() }
        let next = (counters[lane] ?? 0) + 1
        counters[lane] = next
        return next
    }

    func current(_ lane: SessionLane) -> Int {
        lock.lock(); defer { lock.unlock() }
        return counters[lane] ?? 0
    }

    func isCurrent(_ lane: SessionLane, _ token: Int) -> Bool { current(lane) == token }
}

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

/// Results travel from worker queues to the owning thread through this mailbox.
final class SessionInbox: @unchecked Sendable {
    private let lock = NSLock()
    private var events: [SessionEvent] = []
    private var busy: [SessionLane: Int] = [:]

    func post(_ event: SessionEvent) {
        lock.lock(); events.append(event); lock.unlock()
    }

    func take() -> [SessionEvent] {
        lock.lock(); defer { lock.unlock() }
        let taken = events
        events.removeAll()
        return taken
    }

    /// Counts queued plus running jobs, so tests can wait for quiet without timing.
    func enter(_ lane: SessionLane) { lock.lock(); busy[lane, default: 0] += 1; lock.unlock() }
    func leave(_ lane: SessionLane) { lock.lock(); busy[lane, default: 0] -= 1; lock.unlock() }

    var isIdle: Bool {
        lock.lock(); defer { lock.unlock() }
        return busy.values.allSatisfy { $0 == 0 } && events.isEmpty
    }
}

enum SessionEvent: Sendable {
    case cleanLoaded(token: Int, path: String, image: RGBImage, originalSize: ImageSize)
    case loadFailed(token: Int, message: String)
    case progress(lane: SessionLane, token: Int, kind: PaneKind, step: Int, total: Int, preview: RGBImage?)
    case generated(lane: SessionLane, token: Int, kind: PaneKind, result: GeneratedImage, stats: DegradationStats)
    case restored(token: Int, name: String, source: DegradedSource, image: RGBImage)
    case metrics(kind: PaneKind, version: Int, metrics: PaneMetrics)
    case failed(lane: SessionLane, token: Int, kind: PaneKind, message: String)
    case cancelled(lane: SessionLane, token: Int, kind: PaneKind)
    case exported(paths: [String])
    case exportFailed(message: String)
}

/// A width and height in pixels.
public struct ImageSize: Equatable, Codable, Sendable {
    public var width: Int
    public var height: Int

    public init(width: Int, height: Int) {
        self.width = width
        self.height = height
    }
}
