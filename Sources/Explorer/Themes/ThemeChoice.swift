import Foundation

/// The themes the explorer starts with and which one is selected, from `--theme`: a name looks
/// in the theme folders, a path (anything with a "/" or ending in ".toml") reads that file, as
/// helix does. A theme file that cannot be read or parsed is an error naming it, raised before
/// the terminal is taken; an unknown name only falls back to the default with a notice.
public struct ThemeChoice: Sendable {
    public let store: ThemeStore
    /// The name to select in `store`, nil for the default.
    public let name: String?

    public init(argument: String?, folders: [String] = ThemeStore.searchFolders()) throws {
        var store = ThemeStore.load(from: folders)
        guard let argument, Self.isPath(argument) else {
            self.store = store
            name = argument
            return
        }
        let theme = try Self.read(path: argument)
        store.add(theme)
        self.store = store
        name = theme.name
    }

    public static func isPath(_ argument: String) -> Bool {
        argument.contains("/") || argument.lowercased().hasSuffix(".toml")
    }

    static func read(path: String) throws -> Theme {
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            let reason = FileManager.default.fileExists(atPath: path) ? "cannot read the theme file" : "no such theme file"
            throw ThemeError(file: path, line: nil, reason: reason)
        }
        return try ThemeFile.parse(text, file: path)
    }
}
