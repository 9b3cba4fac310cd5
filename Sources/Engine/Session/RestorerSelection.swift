/// Which restorers the explorer shows. Until the user chooses, the choice follows the
/// degradation type: the first `defaultCount` restorers meant for it (DCP for haze, derain for
/// rain...). Once the user has chosen, type changes leave the choice alone.
public struct RestorerSelection: Equatable, Sendable {
    public static let defaultCount = 2

    /// The chosen restorers' names, in pane order.
    public private(set) var names: [String]
    /// True once the user picked restorers; the defaults then stop following the type.
    public private(set) var chosenByUser = false

    public init(following type: DegradationType, among available: [Restorer]) {
        names = Self.defaults(for: type, among: available)
    }

    /// The restorers meant for `type`, in catalog order, at most `defaultCount`.
    public static func defaults(for type: DegradationType, among available: [Restorer]) -> [String] {
        Array(available.filter { $0.targets.contains(type) }.prefix(defaultCount).map(\.name))
    }

    /// Follows a new degradation type unless the user has chosen.
    public mutating func follow(_ type: DegradationType, among available: [Restorer]) {
        guard !chosenByUser else { return }
        names = Self.defaults(for: type, among: available)
    }

    /// The user's explicit choice (duplicates dropped, order kept); unknown names are an error.
    public mutating func choose(_ chosen: [String], among available: [Restorer]) throws {
        try Self.checkKnown(chosen, among: available)
        var unique: [String] = []
        for name in chosen where !unique.contains(name) { unique.append(name) }
        names = unique
        chosenByUser = true
    }

    /// Adds the restorer as the last pane, or removes it if it is shown; counts as a choice.
    public mutating func toggle(_ name: String, among available: [Restorer]) throws {
        try Self.checkKnown([name], among: available)
        if let index = names.firstIndex(of: name) { names.remove(at: index) } else { names.append(name) }
        chosenByUser = true
    }

    private static func checkKnown(_ chosen: [String], among available: [Restorer]) throws {
        let known = available.map(\.name)
        for name in chosen where !known.contains(name) {
            throw RestoreError.unknownRestorer(name, available: known)
        }
    }
}
