import Foundation

/// What the terminal can do, learned before curses starts.
public struct TerminalCapabilities: Equatable, Sendable {
    public var sixel: Bool
    /// Pixels per character cell; nil when the terminal would not say.
    public var cellPixels: (width: Int, height: Int)?
    public var trueColor: Bool

    public static func == (a: Self, b: Self) -> Bool {
        a.sixel == b.sixel && a.trueColor == b.trueColor && a.cellPixels?.width == b.cellPixels?.width
            && a.cellPixels?.height == b.cellPixels?.height
    }

    /// 24-bit colour is used only when COLORTERM says so (the convention terminals follow);
    /// otherwise the half-blocks use the 256-colour palette.
    public static func saysTrueColor(_ environment: [String: String]) -> Bool {
        ["truecolor", "24bit"].contains(environment["COLORTERM"]?.lowercased() ?? "")
    }

    public init(sixel: Bool, cellPixels: (width: Int, height: Int)?, trueColor: Bool) {
        self.sixel = sixel
        self.cellPixels = cellPixels
        self.trueColor = trueColor
    }
}

/// Asks the terminal about itself through /dev/tty in raw mode, each question with a
/// timeout so a terminal that does not answer costs a fraction of a second, never a hang.
public enum TerminalProbe {
    public static func probe(timeoutMilliseconds: Int32 = 250) -> TerminalCapabilities {
        let trueColor = TerminalCapabilities.saysTrueColor(ProcessInfo.processInfo.environment)
        let fd = open("/dev/tty", O_RDWR | O_NOCTTY)
        guard fd >= 0 else { return TerminalCapabilities(sixel: false, cellPixels: nil, trueColor: trueColor) }
        defer { close(fd) }
        var saved = termios()
        guard tcgetattr(fd, &saved) == 0 else { return TerminalCapabilities(sixel: false, cellPixels: nil, trueColor: trueColor) }
        var raw = saved
        raw.c_lflag &= ~tcflag_t(ICANON | ECHO)
        tcsetattr(fd, TCSANOW, &raw)
        defer { tcsetattr(fd, TCSANOW, &saved) }

        let attributes = ask(fd, "\u{1B}[c", until: UInt8(ascii: "c"), timeout: timeoutMilliseconds).flatMap(parseDeviceAttributes)
        var cell = windowCellPixels(fd)
        if cell == nil {
            cell = ask(fd, "\u{1B}[16t", until: UInt8(ascii: "t"), timeout: timeoutMilliseconds).flatMap(parseCellSize)
        }
        return TerminalCapabilities(sixel: attributes?.contains(4) ?? false, cellPixels: cell, trueColor: trueColor)
    }

    /// Parses a DA1 reply, ESC [ ? 6 3 ; 1 ; 4 c, into its attribute numbers.
    public static func parseDeviceAttributes(_ reply: [UInt8]) -> [Int]? {
        guard let text = String(bytes: reply, encoding: .ascii), let start = text.range(of: "\u{1B}[?"),
              let end = text.range(of: "c", range: start.upperBound..<text.endIndex) else { return nil }
        return text[start.upperBound..<end.lowerBound].split(separator: ";").compactMap { Int($0) }
    }

    /// Parses the reply to CSI 16 t, ESC [ 6 ; height ; width t, into a cell size.
    public static func parseCellSize(_ reply: [UInt8]) -> (width: Int, height: Int)? {
        guard let text = String(bytes: reply, encoding: .ascii), let start = text.range(of: "\u{1B}[6;"),
              let end = text.range(of: "t", range: start.upperBound..<text.endIndex) else { return nil }
        let parts = text[start.upperBound..<end.lowerBound].split(separator: ";").compactMap { Int($0) }
        guard parts.count == 2, parts[0] > 0, parts[1] > 0 else { return nil }
        return (width: parts[1], height: parts[0])
    }

    /// The cell size from TIOCGWINSZ's pixel fields, when the terminal fills them in.
    public static func windowCellPixels(_ fd: Int32 = STDOUT_FILENO) -> (width: Int, height: Int)? {
        var size = winsize()
        guard ioctl(fd, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0, size.ws_row > 0,
              size.ws_xpixel > 0, size.ws_ypixel > 0 else { return nil }
        return (width: Int(size.ws_xpixel) / Int(size.ws_col), height: Int(size.ws_ypixel) / Int(size.ws_row))
    }

    /// Writes a query and reads the reply up to its final byte, or until the timeout.
    private static func ask(_ fd: Int32, _ query: String, until final: UInt8, timeout: Int32) -> [UInt8]? {
        var bytes = Array(query.utf8)
        guard write(fd, &bytes, bytes.count) == bytes.count else { return nil }
        var reply: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 64)
        let deadline = Date().addingTimeInterval(Double(timeout) / 1000)
        while Date() < deadline {
            var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let left = Int32(max(1, deadline.timeIntervalSinceNow * 1000))
            guard poll(&poller, 1, left) > 0 else { break }
            let count = read(fd, &buffer, buffer.count)
            guard count > 0 else { break }
            reply += buffer[0..<count]
            if reply.contains(final) && reply.contains(0x1B) { return reply }
        }
        return reply.isEmpty ? nil : reply
    }
}
