/// One line of a key table: the keys as the help and the README spell them, what they do, and
/// the command each key runs. Dispatch, the help overlay and the README's table all read it.
public struct KeyBinding<Command: Sendable>: Sendable {
    public let keys: String
    public let action: String
    public let commands: [(key: Key, command: Command)]

    public init(_ keys: String, _ action: String, _ commands: [(key: Key, command: Command)]) {
        self.keys = keys
        self.action = action
        self.commands = commands
    }

    public func command(for key: Key) -> Command? { commands.first { $0.key == key }?.command }

    /// The binding as a help line under `section`.
    public func help(_ section: String) -> KeyHelp { KeyHelp(keys: keys, action: action, section: section) }
}
