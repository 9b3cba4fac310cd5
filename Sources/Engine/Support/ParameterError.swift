/// A value the user gave (a command-line flag, an explorer `:` command, an environment
/// variable) that is out of range or not a finite number; `name` is how the user wrote it.
public struct ParameterError: Error, CustomStringConvertible, Equatable, Sendable {
    public let name: String
    public let reason: String

    public init(_ name: String, _ reason: String) {
        self.name = name
        self.reason = reason
    }

    public var description: String { "\(name): \(reason)" }
}
