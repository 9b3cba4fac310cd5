import Foundation

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
