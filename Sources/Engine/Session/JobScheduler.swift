import Foundation

/// Runs a session's background work: one serial queue per lane, a token per lane that marks
/// older work stale, and the inbox the results come back through. Its state is behind locks,
/// so jobs on any queue hold it.
final class JobScheduler: @unchecked Sendable {
    private let tokens = LaneTokens()
    private let inbox = SessionInbox()
    private let queues: [SessionLane: DispatchQueue]

    init() {
        var queues: [SessionLane: DispatchQueue] = [:]
        for lane in SessionLane.allCases {
            queues[lane] = DispatchQueue(label: "gendeg.session.\(lane.rawValue)", qos: .userInitiated)
        }
        self.queues = queues
    }

    /// Makes every job of the lane stale and returns the token for the next one.
    @discardableResult
    func supersede(_ lane: SessionLane) -> Int { tokens.bump(lane) }

    func isCurrent(_ lane: SessionLane, _ token: Int) -> Bool { tokens.isCurrent(lane, token) }

    /// Whether the work behind an event is still wanted (events without a ticket always are).
    func isCurrent(_ event: SessionEvent) -> Bool {
        guard let ticket = event.ticket else { return true }
        return tokens.isCurrent(ticket.lane, ticket.token)
    }

    func submit(_ lane: SessionLane, _ work: @escaping @Sendable () -> Void) {
        inbox.enter(lane)
        queues[lane]!.async { [inbox] in
            work()
            inbox.leave(lane)
        }
    }

    func post(_ event: SessionEvent) { inbox.post(event) }

    /// The events posted since the last call, in order.
    func take() -> [SessionEvent] { inbox.take() }

    /// No job queued or running and no event waiting.
    var isIdle: Bool { inbox.isIdle }
}
