/// One line of the help overlay and of the README's keys table.
public struct KeyHelp: Equatable, Sendable {
    public let keys: String
    public let action: String
    /// Where the keys work: "anywhere", a section, an overlay, or "commands".
    public let section: String
}
