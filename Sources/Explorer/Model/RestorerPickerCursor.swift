import GenDegEngine

/// The restorer picker's cursor over the session's available restorers.
public struct RestorerPickerCursor: Equatable, Sendable {
    public private(set) var index = 0

    public init() {}

    /// Moves on up/down keys; returns false for other keys.
    public mutating func move(_ key: Key, count: Int) -> Bool {
        switch key {
        case .up, .char("k"): index -= 1
        case .down, .char("j"): index += 1
        case .home: index = 0
        case .end: index = count - 1
        default: return false
        }
        index = min(max(0, index), max(0, count - 1))
        return true
    }

    /// True for the keys that tick or untick the restorer under the cursor.
    public static func toggles(_ key: Key) -> Bool { key == .char(" ") || key == .enter || key == .char("x") }
}
