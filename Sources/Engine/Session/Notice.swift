/// A line worth telling the user, with how serious it is, so a front end styles it by its
/// severity rather than by its words.
public struct Notice: Equatable, Sendable {
    public enum Severity: Equatable, Sendable {
        /// Progress, confirmations and hints.
        case info
        /// Something failed or the input was not understood.
        case error
    }

    public var severity: Severity
    public var text: String

    public init(_ severity: Severity, _ text: String) {
        self.severity = severity
        self.text = text
    }

    public static func info(_ text: String) -> Notice { Notice(.info, text) }
    public static func error(_ text: String) -> Notice { Notice(.error, text) }
}
