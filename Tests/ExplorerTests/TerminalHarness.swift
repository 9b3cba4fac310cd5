import Foundation
import XCTest

/// Finds tools and the built gendeg binary for the end-to-end tests, and runs commands.
enum TerminalHarness {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path

    /// The gendeg binary: $GENDEG_BINARY, else the package's debug or release build.
    static func gendegBinary() throws -> String {
        if let custom = ProcessInfo.processInfo.environment["GENDEG_BINARY"] { return custom }
        for configuration in ["debug", "release"] {
            let path = packageRoot + "/.build/\(configuration)/gendeg"
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        throw XCTSkip("no gendeg binary: run `swift build --product gendeg` first (or set GENDEG_BINARY)")
    }

    static func tool(_ name: String) throws -> String {
        for folder in ["/usr/bin", "/usr/local/bin", "/bin"] where FileManager.default.isExecutableFile(atPath: "\(folder)/\(name)") {
            return "\(folder)/\(name)"
        }
        throw XCTSkip("\(name) is not installed")
    }

    /// Runs a command to completion and returns its output. posix_spawn and waitpid rather
    /// than Process: tmux's client forks a daemon that inherits the output, so reading a pipe
    /// to its end would never finish, and the output goes through a file instead.
    @discardableResult
    static func run(_ executable: String, _ arguments: [String]) throws -> String {
        let outputPath = NSTemporaryDirectory() + "gendeg-harness-\(UUID().uuidString).out"
        defer { unlink(outputPath) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let status = posix_spawn(&pid, executable, &actions, nil, argv, environ)
        guard status == 0 else { throw CocoaError(.executableLoad, userInfo: [NSFilePathErrorKey: executable]) }
        var exitStatus: Int32 = 0
        while waitpid(pid, &exitStatus, 0) < 0 && errno == EINTR {}
        return (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
    }

    /// Starts a long-running program (Xvfb, xterm) with its output discarded; returns its pid.
    static func launch(_ executable: String, _ arguments: [String], environment: [String: String] = [:],
                       log: String = "/dev/null") throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, log, O_WRONLY | O_CREAT | O_APPEND, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let merged = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let envp = merged.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        var pid: pid_t = 0
        guard posix_spawn(&pid, executable, &actions, nil, argv, envp) == 0 else {
            throw CocoaError(.executableLoad, userInfo: [NSFilePathErrorKey: executable])
        }
        return pid
    }

    /// Starts Xvfb on a display number the server picks itself (`-displayfd`): it skips numbers
    /// taken by other servers, including ones that share only the abstract socket namespace with
    /// this machine, and it writes the number only once it accepts clients. `-noreset` keeps the
    /// server from resetting (and briefly refusing clients) each time its last client leaves.
    static func startXvfb(_ executable: String, screen: String) throws -> (pid: pid_t, display: Int) {
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { throw CocoaError(.fileWriteUnknown) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        posix_spawn_file_actions_adddup2(&actions, fds[1], 3)
        posix_spawn_file_actions_addclose(&actions, fds[0])
        let arguments = ["-displayfd", "3", "-screen", "0", screen, "-nolisten", "tcp", "-noreset"]
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let status = posix_spawn(&pid, executable, &actions, nil, argv, environ)
        close(fds[1])
        defer { close(fds[0]) }
        guard status == 0 else { throw CocoaError(.executableLoad, userInfo: [NSFilePathErrorKey: executable]) }
        var text = ""
        var byte: UInt8 = 0
        var poller = pollfd(fd: fds[0], events: Int16(POLLIN), revents: 0)
        while !text.hasSuffix("\n"), poll(&poller, 1, 30_000) > 0, read(fds[0], &byte, 1) == 1 {
            text.append(Character(UnicodeScalar(byte)))
        }
        guard let display = Int(text.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            stop(pid)
            XCTFail("Xvfb did not report a display within 30 s")
            throw XCTSkip("gave up after the failure above")
        }
        return (pid, display)
    }

    /// Whether a process this test started has ended (and reaps it if so).
    static func hasExited(_ pid: pid_t) -> Bool {
        var status: Int32 = 0
        return waitpid(pid, &status, WNOHANG) == pid
    }

    static func stop(_ pid: pid_t) {
        kill(pid, SIGTERM)
        var status: Int32 = 0
        waitpid(pid, &status, 0)
    }

    /// Polls `condition` until it holds or `timeout` seconds pass (a wait, not a timing).
    static func wait(_ what: String, timeout: TimeInterval = 120, _ condition: () throws -> Bool) throws {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if try condition() { return }
            usleep(100_000)
        }
        XCTFail("timed out waiting for \(what)")
        throw XCTSkip("gave up after the failure above")
    }

    static func shellQuote(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'" }
}
