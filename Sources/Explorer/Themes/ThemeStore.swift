import Foundation
import GenDegEngine

/// The themes the explorer can cycle through: every themes/*.toml found, in name order,
/// with the built-in dark theme standing in for any that is missing or broken.
public struct ThemeStore: Sendable {
    public private(set) var themes: [Theme]
    /// One line per theme file that could not be used.
    public private(set) var problems: [String]

    public init(themes: [Theme], problems: [String] = []) {
        self.themes = themes.isEmpty ? [Theme.builtinDark] : themes
        self.problems = problems
    }

    /// Loads every *.toml from the first folder of `folders` that exists.
    public static func load(from folders: [String]) -> ThemeStore {
        for folder in folders {
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { continue }
            var themes: [Theme] = []
            var problems: [String] = []
            for name in names.sorted() where name.hasSuffix(".toml") {
                let path = (folder as NSString).appendingPathComponent(name)
                do {
                    guard let text = String(data: try InputFile.read(path), encoding: .utf8) else {
                        throw FileError(path: path, reason: "not UTF-8 text")
                    }
                    themes.append(try ThemeFile.parse(text, file: path))
                } catch {
                    problems.append("theme \(error) (using the default instead)")
                }
            }
            if !themes.contains(where: { $0.name == Theme.builtinDark.name }) { themes.insert(Theme.builtinDark, at: 0) }
            return ThemeStore(themes: themes, problems: problems)
        }
        return ThemeStore(themes: [Theme.builtinDark], problems: [])
    }

    /// Where theme files are looked for: $GENDEG_THEMES, ./themes, then themes/ beside or
    /// above the executable (the package root when run from .build).
    public static func searchFolders(executable: String = CommandLine.arguments.first ?? "") -> [String] {
        var folders: [String] = []
        if let custom = ProcessInfo.processInfo.environment["GENDEG_THEMES"] { folders.append(custom) }
        folders.append((FileManager.default.currentDirectoryPath as NSString).appendingPathComponent("themes"))
        var url = URL(fileURLWithPath: executable).resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<5 {
            folders.append(url.appendingPathComponent("themes").path)
            folders.append(url.appendingPathComponent("share/gendeg/themes").path)
            url.deleteLastPathComponent()
        }
        return folders
    }

    public func index(named name: String) -> Int? { themes.firstIndex { $0.name == name } }

    /// Adds a theme read from a file; it replaces a theme of the same name.
    public mutating func add(_ theme: Theme) {
        if let existing = index(named: theme.name) {
            themes[existing] = theme
        } else {
            themes.append(theme)
        }
    }
}
