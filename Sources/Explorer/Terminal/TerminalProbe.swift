import Foundation

/// Asks the terminal about itself through /dev/tty in raw mode before curses starts (the
/// answers must not reach curses' input). All questions go out at once with DA1 last, which
/// every terminal answers, so a terminal that ignores the others costs one round trip, and one
/// that answers nothing costs the timeout, never a hang. Inside tmux a second round goes to
/// the outer terminal through passthrough when tmux allows it.
public enum TerminalProbe {
    public static func probe(environment: [String: String] = ProcessInfo.processInfo.environment,
                             timeoutMilliseconds: Int = 300) -> TerminalAnswers {
        let fd = open("/dev/tty", O_RDWR | O_NOCTTY)
        guard fd >= 0 else { return TerminalAnswers(environment: environment, hasTerminal: false) }
        defer { close(fd) }
        var saved = termios()
        guard tcgetattr(fd, &saved) == 0 else { return TerminalAnswers(environment: environment, hasTerminal: false) }
        var raw = saved
        raw.c_lflag &= ~tcflag_t(ICANON | ECHO)
        tcsetattr(fd, TCSANOW, &raw)
        defer { tcsetattr(fd, TCSAFLUSH, &saved) }

        let round = TerminalAnswers(environment: environment).insideTmux ? TerminalQueries.roundInsideTmux : TerminalQueries.round
        var answers = TerminalAnswers(environment: environment,
                                      direct: QueryAnswers(replies: ask(fd, Array(round.utf8), timeout: timeoutMilliseconds)),
                                      windowCellPixels: windowCellPixels(fd))
        if answers.insideTmux {
            let version = answers.direct.version.flatMap { $0.hasPrefix("tmux ") ? String($0.dropFirst(5)) : nil }
                ?? tmuxOutput(["display-message", "-p", "#{version}"])
            var tmux = TmuxAnswers(version: version, passthrough: tmuxOutput(["show-options", "-Apv", "allow-passthrough"]))
            if tmux.passthroughOn {
                let reply = ask(fd, TerminalQueries.tmuxWrappedRound(), timeout: timeoutMilliseconds)
                if !reply.isEmpty { tmux.outer = QueryAnswers(replies: reply) }
            }
            answers.tmux = tmux
        }
        return answers
    }

    /// The cell size from TIOCGWINSZ's pixel fields, when the terminal fills them in.
    public static func windowCellPixels(_ fd: Int32 = STDOUT_FILENO) -> CellPixels? {
        var size = winsize()
        guard ioctl(fd, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0, size.ws_row > 0,
              size.ws_xpixel > 0, size.ws_ypixel > 0 else { return nil }
        return CellPixels(width: Int(size.ws_xpixel) / Int(size.ws_col), height: Int(size.ws_ypixel) / Int(size.ws_row))
    }

    /// Writes the questions and reads until DA1's answer has arrived, or until the timeout.
    private static func ask(_ fd: Int32, _ query: [UInt8], timeout: Int) -> [UInt8] {
        var bytes = query
        guard write(fd, &bytes, bytes.count) == bytes.count else { return [] }
        var reply: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 256)
        let deadline = Date().addingTimeInterval(Double(timeout) / 1000)
        while Date() < deadline {
            var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let left = Int32(max(1, deadline.timeIntervalSinceNow * 1000))
            guard poll(&poller, 1, left) > 0 else { break }
            let count = read(fd, &buffer, buffer.count)
            guard count > 0 else { break }
            reply += buffer[0..<count]
            if TerminalQueries.deviceAttributes(in: TerminalReply.scan(reply)) != nil { break }
        }
        return reply
    }

    /// One line of a tmux command's output, or nil when tmux cannot be run or fails.
    private static func tmuxOutput(_ arguments: [String]) -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["tmux"] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        do { try process.run() } catch { return nil }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return nil }
        let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return text.isEmpty ? nil : text
    }
}
