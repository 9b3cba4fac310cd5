import Foundation

/// One detached tmux session on a private server socket, for driving the real binary as a user:
/// start a command at a size, read the screen, send keys, and kill the server.
final class TmuxSession {
    private let tmux: String
    private let socket: String
    private let name = "gendeg"

    init(label: String) throws {
        tmux = try TerminalHarness.tool("tmux")
        socket = "gendeg-\(label)-\(getpid())-\(UUID().uuidString.prefix(8))"
    }

    func start(_ command: String, cols: Int = 160, rows: Int = 48) throws {
        try TerminalHarness.run(tmux, ["-L", socket, "-f", "/dev/null", "new-session", "-d", "-x", "\(cols)", "-y", "\(rows)",
                                       "-s", name, command])
    }

    func screen() throws -> String { try TerminalHarness.run(tmux, ["-L", socket, "capture-pane", "-p", "-t", name]) }

    func send(_ keys: [String]) throws { try TerminalHarness.run(tmux, ["-L", socket, "send-keys", "-t", name] + keys) }

    /// A tmux format expanded for the pane, e.g. "#{pane_title}".
    func display(_ format: String) throws -> String {
        try TerminalHarness.run(tmux, ["-L", socket, "display-message", "-p", "-t", name, format])
    }

    func kill() { _ = try? TerminalHarness.run(tmux, ["-L", socket, "kill-server"]) }
}
