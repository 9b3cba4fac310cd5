import Foundation

/// Reads the YAML that OmegaConf configs use (the LDM / InstructPix2Pix / GenDeg `configs/*.yaml`):
/// block mappings, block lists (`- a`), flow lists (`[a, b]`), plain and quoted scalars and
/// comments. Anchors, tags, multi-line strings and mappings inside lists are refused with the
/// line, never guessed. Nesting is bounded so a hostile file cannot exhaust the stack.
public struct YAMLReader {
    public static let maximumDepth = 64

    struct Line { let number: Int; let indent: Int; let text: String }

    let path: String
    var lines: [Line] = []
    var index = 0

    public static func read(_ path: String) throws -> YAMLValue {
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw YAMLError(path: path, line: 0, reason: "cannot read it as UTF-8 text (\(error.localizedDescription))")
        }
        return try parse(text, path: path)
    }

    public static func parse(_ text: String, path: String) throws -> YAMLValue {
        var reader = YAMLReader(path: path)
        try reader.split(text)
        guard let first = reader.lines.first else { return .null }
        let value = try reader.node(indent: first.indent, depth: 0)
        if reader.index < reader.lines.count {
            throw reader.error(reader.lines[reader.index], "unexpected indentation")
        }
        return value
    }

    func error(_ line: Line, _ reason: String) -> YAMLError { YAMLError(path: path, line: line.number, reason: reason) }

    mutating func split(_ text: String) throws {
        for (offset, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var body = Substring(raw)
            if body.hasSuffix("\r") { body = body.dropLast() }
            let indent = body.prefix { $0 == " " }.count
            let rest = body.dropFirst(indent)
            if rest.first == "\t" {
                throw YAMLError(path: path, line: offset + 1, reason: "a tab in the indentation (YAML indents with spaces)")
            }
            let content = Self.stripComment(rest).trimmingCharacters(in: .whitespaces)
            if content.isEmpty || content == "---" { continue }
            if content == "..." { break }
            lines.append(Line(number: offset + 1, indent: indent, text: content))
        }
    }

    /// Drops a `#` comment that starts the line or follows whitespace, outside quotes.
    static func stripComment(_ text: Substring) -> String {
        var quote: Character?
        var previous: Character = " "
        for position in text.indices {
            let c = text[position]
            if let open = quote {
                if c == open { quote = nil }
            } else if c == "'" || c == "\"" {
                if previous == " " || previous == "[" || previous == "," || previous == ":" { quote = c }
            } else if c == "#" && (previous == " " || previous == "\t") {
                return String(text[..<position])
            }
            previous = c
        }
        return String(text)
    }

    static func isListItem(_ text: String) -> Bool { text == "-" || text.hasPrefix("- ") }

    mutating func node(indent: Int, depth: Int) throws -> YAMLValue {
        let line = lines[index]
        guard depth < Self.maximumDepth else { throw error(line, "nested deeper than \(Self.maximumDepth) levels") }
        return Self.isListItem(line.text) ? try list(indent: indent, depth: depth) : try map(indent: indent, depth: depth)
    }

    mutating func map(indent: Int, depth: Int) throws -> YAMLValue {
        var entries: [(key: String, value: YAMLValue)] = []
        while index < lines.count, lines[index].indent == indent, !Self.isListItem(lines[index].text) {
            let line = lines[index]
            let (key, rest) = try splitKey(line)
            if entries.contains(where: { $0.key == key }) { throw error(line, "duplicate key '\(key)'") }
            index += 1
            entries.append((key, try value(after: rest, line: line, indent: indent, depth: depth, listAtSameIndent: true)))
        }
        if index < lines.count, lines[index].indent > indent { throw error(lines[index], "unexpected indentation") }
        return .map(entries)
    }

    mutating func list(indent: Int, depth: Int) throws -> YAMLValue {
        var items: [YAMLValue] = []
        while index < lines.count, lines[index].indent == indent, Self.isListItem(lines[index].text) {
            let line = lines[index]
            let rest = String(line.text.dropFirst()).trimmingCharacters(in: .whitespaces)
            if Self.keySeparator(in: rest) != nil { throw error(line, "mappings inside lists are not supported") }
            index += 1
            items.append(try value(after: rest, line: line, indent: indent, depth: depth, listAtSameIndent: false))
        }
        if index < lines.count, lines[index].indent > indent { throw error(lines[index], "unexpected indentation") }
        return .list(items)
    }

    /// The value of a `key:` or `-` whose inline text is `rest`: inline, or the block below it.
    mutating func value(after rest: String, line: Line, indent: Int, depth: Int, listAtSameIndent: Bool) throws -> YAMLValue {
        if !rest.isEmpty { return try inline(rest, line: line, depth: depth + 1) }
        guard index < lines.count else { return .null }
        let next = lines[index]
        if next.indent > indent { return try node(indent: next.indent, depth: depth + 1) }
        // YAML lets a mapping's list sit at the key's own indentation.
        if listAtSameIndent, next.indent == indent, Self.isListItem(next.text) { return try list(indent: indent, depth: depth + 1) }
        return .null
    }

    /// The `: ` (or final `:`) that ends a mapping key, outside quotes and brackets.
    static func keySeparator(in text: String) -> String.Index? {
        var quote: Character?
        var brackets = 0
        for position in text.indices {
            let c = text[position]
            if let open = quote { if c == open { quote = nil }; continue }
            switch c {
            case "'", "\"": if position == text.startIndex { quote = c }
            case "[", "{": brackets += 1
            case "]", "}": brackets -= 1
            case ":" where brackets == 0:
                let after = text.index(after: position)
                if after == text.endIndex || text[after] == " " { return position }
            default: break
            }
        }
        return nil
    }

    func splitKey(_ line: Line) throws -> (String, String) {
        guard let colon = Self.keySeparator(in: line.text) else { throw error(line, "expected 'key: value'") }
        let key = Self.unquote(String(line.text[..<colon]).trimmingCharacters(in: .whitespaces))
        guard !key.isEmpty else { throw error(line, "empty key") }
        let rest = String(line.text[line.text.index(after: colon)...]).trimmingCharacters(in: .whitespaces)
        return (key, rest)
    }

    func inline(_ text: String, line: Line, depth: Int) throws -> YAMLValue {
        guard depth < Self.maximumDepth else { throw error(line, "nested deeper than \(Self.maximumDepth) levels") }
        if let first = text.first, "&*!|>".contains(first) {
            throw error(line, "'\(first)' (anchors, aliases, tags, block strings) is not supported")
        }
        if text == "{}" { return .map([]) }
        if text.first == "{" { throw error(line, "flow mappings ({...}) are not supported") }
        if text.first == "[" {
            guard text.last == "]" else { throw error(line, "unclosed '['") }
            return .list(try flowItems(String(text.dropFirst().dropLast()), line: line).map { try inline($0, line: line, depth: depth + 1) })
        }
        if text == "~" || text == "null" || text == "Null" || text == "NULL" { return .null }
        return .scalar(Self.unquote(text))
    }

    /// Splits a flow list's inside at the top-level commas.
    func flowItems(_ inside: String, line: Line) throws -> [String] {
        var items: [String] = [], current = ""
        var brackets = 0
        var quote: Character?
        for c in inside {
            if let open = quote {
                if c == open { quote = nil }
            } else if c == "'" || c == "\"" {
                quote = c
            } else if c == "[" || c == "{" {
                brackets += 1
            } else if c == "]" || c == "}" {
                brackets -= 1
                if brackets < 0 { throw error(line, "unbalanced ']'") }
            } else if c == "," && brackets == 0 {
                items.append(current.trimmingCharacters(in: .whitespaces)); current = ""; continue
            }
            current.append(c)
        }
        if quote != nil || brackets != 0 { throw error(line, "unclosed quote or bracket") }
        let last = current.trimmingCharacters(in: .whitespaces)
        if !last.isEmpty { items.append(last) } else if !items.isEmpty { throw error(line, "empty item in a list") }
        return items
    }

    static func unquote(_ text: String) -> String {
        if text.count >= 2, let first = text.first, first == text.last, first == "'" || first == "\"" {
            return String(text.dropFirst().dropLast())
        }
        return text
    }
}
