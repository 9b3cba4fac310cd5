import Foundation

public struct ThemeError: Error, CustomStringConvertible, Equatable {
    public let file: String
    public let line: Int?
    public let reason: String

    public var description: String {
        line.map { "\(file):\($0): \(reason)" } ?? "\(file): \(reason)"
    }
}

/// Reads a theme from the small TOML subset theme files use:
///
///     name = "dark"
///     [text]
///     fg = "#d0d0d8"
///     bg = "#1c1c24"
///     bold = false
///
/// one table per `ThemeElement` (snake_case names), every element required.
public enum ThemeFile {
    public static func parse(_ text: String, file: String) throws -> Theme {
        var name: String?
        var tables: [String: [String: String]] = [:]
        var current: String?
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let lineNumber = index + 1
            let line = stripComment(String(rawLine)).trimmingCharacters(in: .whitespaces)
            if line.isEmpty { continue }
            if line.hasPrefix("[") {
                guard line.hasSuffix("]"), line.count > 2 else {
                    throw ThemeError(file: file, line: lineNumber, reason: "a table header must look like [name]")
                }
                let table = String(line.dropFirst().dropLast()).trimmingCharacters(in: .whitespaces)
                guard element(named: table) != nil else {
                    let known = ThemeElement.allCases.map { snakeCase($0.rawValue) }.joined(separator: ", ")
                    throw ThemeError(file: file, line: lineNumber, reason: "unknown element [\(table)]; known: \(known)")
                }
                guard tables[table] == nil else { throw ThemeError(file: file, line: lineNumber, reason: "[\(table)] appears twice") }
                tables[table] = [:]
                current = table
                continue
            }
            guard let equals = line.firstIndex(of: "=") else {
                throw ThemeError(file: file, line: lineNumber, reason: "expected key = value")
            }
            let key = line[..<equals].trimmingCharacters(in: .whitespaces)
            let value = try parseValue(line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces),
                                       file: file, line: lineNumber)
            if let current {
                guard ["fg", "bg", "bold"].contains(key) else {
                    throw ThemeError(file: file, line: lineNumber, reason: "unknown key '\(key)' (use fg, bg, bold)")
                }
                tables[current]![key] = value
            } else if key == "name" {
                name = value
            } else {
                throw ThemeError(file: file, line: lineNumber, reason: "unknown top-level key '\(key)'")
            }
        }
        var styles: [ThemeElement: ThemeStyle] = [:]
        for element in ThemeElement.allCases {
            let table = snakeCase(element.rawValue)
            guard let entries = tables[table] else { throw ThemeError(file: file, line: nil, reason: "missing [\(table)]") }
            func color(_ key: String) throws -> RGBColor {
                guard let text = entries[key] else { throw ThemeError(file: file, line: nil, reason: "[\(table)] needs \(key)") }
                guard let parsed = RGBColor(hex: text) else {
                    throw ThemeError(file: file, line: nil, reason: "[\(table)] \(key) = \"\(text)\" is not a #rrggbb colour")
                }
                return parsed
            }
            let bold: Bool
            switch entries["bold"] {
            case nil, "false": bold = false
            case "true": bold = true
            case let other?: throw ThemeError(file: file, line: nil, reason: "[\(table)] bold = \(other) is not true or false")
            }
            styles[element] = ThemeStyle(foreground: try color("fg"), background: try color("bg"), bold: bold)
        }
        let fallbackName = ((file as NSString).lastPathComponent as NSString).deletingPathExtension
        return Theme(name: name ?? fallbackName, styles: styles)
    }

    static func snakeCase(_ camel: String) -> String {
        var out = ""
        for c in camel {
            if c.isUppercase { out += "_" + c.lowercased() } else { out.append(c) }
        }
        return out
    }

    static func element(named table: String) -> ThemeElement? {
        ThemeElement.allCases.first { snakeCase($0.rawValue) == table }
    }

    private static func stripComment(_ line: String) -> String {
        var inString = false
        for (offset, c) in line.enumerated() {
            if c == "\"" { inString.toggle() }
            if c == "#" && !inString { return String(line.prefix(offset)) }
        }
        return line
    }

    private static func parseValue(_ text: String, file: String, line: Int) throws -> String {
        if text.hasPrefix("\"") {
            guard text.count >= 2, text.hasSuffix("\"") else { throw ThemeError(file: file, line: line, reason: "unterminated string") }
            return String(text.dropFirst().dropLast())
        }
        guard text == "true" || text == "false" else {
            throw ThemeError(file: file, line: line, reason: "expected a \"string\", true or false, got \(text)")
        }
        return text
    }
}
