import Foundation

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
