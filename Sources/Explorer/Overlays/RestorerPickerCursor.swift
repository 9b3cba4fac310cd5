/// The restorer picker's cursor over the session's available restorers.
public struct RestorerPickerCursor: Equatable, Sendable {
    public enum Move: Equatable, Sendable {
        case by(Int)
        case first
        case last
    }

    public private(set) var index = 0

    public init() {}

    public mutating func apply(_ move: Move, count: Int) {
        switch move {
        case .by(let n): index += n
        case .first: index = 0
        case .last: index = count - 1
        }
        index = min(max(0, index), max(0, count - 1))
    }
}
