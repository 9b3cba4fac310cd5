/// What tmux says about itself, and what the terminal outside it answered through passthrough.
public struct TmuxAnswers: Equatable, Sendable {
    /// tmux's version ("3.4", "3.3a"), from XTVERSION or `tmux display -p '#{version}'`.
    public var version: String?
    /// The `allow-passthrough` option: "on", "all" or "off"; nil when tmux could not be asked.
    public var passthrough: String?
    /// The outer terminal's answers to the wrapped queries; nil when not asked or no answer.
    public var outer: QueryAnswers?

    public init(version: String?, passthrough: String?, outer: QueryAnswers? = nil) {
        self.version = version
        self.passthrough = passthrough
        self.outer = outer
    }

    public var passthroughOn: Bool { passthrough == "on" || passthrough == "all" }

    /// Whether this tmux is at least `major.minor` ("3.3a" is 3.3; "next-3.5" is 3.5).
    public func isAtLeast(_ major: Int, _ minor: Int) -> Bool {
        guard let version else { return false }
        let digits = version.drop { !$0.isNumber }
        let parts = digits.split(separator: ".").map { Int($0.prefix { $0.isNumber }) ?? 0 }
        guard let first = parts.first else { return false }
        let second = parts.count > 1 ? parts[1] : 0
        return first > major || (first == major && second >= minor)
    }
}
