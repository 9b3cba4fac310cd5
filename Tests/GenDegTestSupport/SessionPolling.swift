import Foundation
import GenDegEngine

extension ExplorerSession {
    /// Applies results until `condition` holds. Throws (which fails the calling test with the
    /// message) when it still does not after `timeout` seconds, so a test never hangs.
    public func pump(until what: String, timeout: TimeInterval = 30, _ condition: () -> Bool) throws {
        let deadline = Date().addingTimeInterval(timeout)
        while !condition() {
            guard Date() < deadline else { throw PollTimeout(what: what, seconds: timeout) }
            pump()
            usleep(1_000)
        }
    }
}
