import Foundation

/// A value in the TOML subset gendeg's configuration files use.
public enum TOMLValue: Equatable, Sendable {
    case string(String)
    case integer(Int)
    case boolean(Bool)
    case array([TOMLValue])
}

/// One table of a TOML file, with the line each key was set on (for error messages).
public struct TOMLTable: Equatable, Sendable {
    public var name: String
    public var line: Int
    public var values: [String: TOMLValue] = [:]
    public var keyLines: [String: Int] = [:]
}

public struct TOMLError: Error, CustomStringConvertible, Equatable {
    public let file: String
    public let line: Int
    public let reason: String
    public var description: String { "\(file):\(line): \(reason)" }
}

/// Parses the TOML subset: `# comments`, `key = value` lines, `[table]` and `[[array-of-tables]]`
/// headers; values are basic ("...", with \" \\ \n \t \uXXXX escapes) or literal ('...') strings,
/// integers, booleans and one-line arrays of those. Keys are bare (A-Z a-z 0-9 _ -). Anything else
/// (dotted keys, inline tables, multi-line strings, floats, dates) is reported as an error.
public enum TOMLSubset {
    /// Arrays nest at most this deep: the parser recurses once per level, and a hostile line of
    /// thousands of `[` would otherwise overflow the stack.
    public static let maximumArrayDepth = 16

    /// The tables in file order; keys before the first header form a table named "".
    public static func parse(_ text: String, file: String) throws -> [TOMLTable] {
        var tables = [TOMLTable(name: "", line: 0)]
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = index + 1
            func fail(_ reason: String) -> TOMLError { TOMLError(file: file, line: line, reason: reason) }
            var scanner = Scanner(Array(String(raw).unicodeScalars), fail: fail)
            scanner.skipSpaces()
            if scanner.atEndOrComment { continue }
            if scanner.peek == "[" {
                let doubled = scanner.peek(1) == "["
                scanner.advance(doubled ? 2 : 1)
                scanner.skipSpaces()
                let name = scanner.bareKey()
                guard !name.isEmpty else { throw fail("a table header needs a name") }
                scanner.skipSpaces()
                guard scanner.consume("]"), !doubled || scanner.consume("]") else {
                    throw fail(doubled ? "expected ]] after [[\(name)" : "expected ] after [\(name)")
                }
                scanner.skipSpaces()
                guard scanner.atEndOrComment else { throw fail("unexpected text after the table header") }
                if !doubled, tables.contains(where: { $0.name == name }) { throw fail("table [\(name)] appears twice") }
                tables.append(TOMLTable(name: name, line: line))
                continue
            }
            let key = scanner.bareKey()
            guard !key.isEmpty else { throw fail("expected key = value") }
            scanner.skipSpaces()
            guard scanner.consume("=") else { throw fail("expected = after '\(key)'") }
            scanner.skipSpaces()
            let value = try scanner.value(depth: 0)
            scanner.skipSpaces()
            guard scanner.atEndOrComment else { throw fail("unexpected text after the value of '\(key)'") }
            guard tables[tables.count - 1].values[key] == nil else { throw fail("'\(key)' is set twice") }
            tables[tables.count - 1].values[key] = value
            tables[tables.count - 1].keyLines[key] = line
        }
        if tables[0].values.isEmpty { tables.removeFirst() }
        return tables
    }

    private struct Scanner {
        let chars: [Unicode.Scalar]
        let fail: (String) -> TOMLError
        var at = 0

        init(_ chars: [Unicode.Scalar], fail: @escaping (String) -> TOMLError) {
            self.chars = chars
            self.fail = fail
        }

        var peek: Unicode.Scalar? { at < chars.count ? chars[at] : nil }
        func peek(_ offset: Int) -> Unicode.Scalar? { at + offset < chars.count ? chars[at + offset] : nil }
        var atEndOrComment: Bool { peek == nil || peek == "#" || peek == "\r" }
        mutating func advance(_ n: Int = 1) { at += n }
        mutating func skipSpaces() { while peek == " " || peek == "\t" { at += 1 } }
        mutating func consume(_ c: Unicode.Scalar) -> Bool {
            guard peek == c else { return false }
            at += 1
            return true
        }

        mutating func bareKey() -> String {
            var key = ""
            while let c = peek, ("0"..."9").contains(c) || ("a"..."z").contains(c) || ("A"..."Z").contains(c)
                    || c == "_" || c == "-" {
                key.unicodeScalars.append(c)
                at += 1
            }
            return key
        }

        mutating func value(depth: Int) throws -> TOMLValue {
            guard let c = peek else { throw fail("missing value") }
            switch c {
            case "\"": return .string(try basicString())
            case "'": return .string(try literalString())
            case "[": return try array(depth: depth + 1)
            case "t", "f":
                if word("true") { return .boolean(true) }
                if word("false") { return .boolean(false) }
                throw fail("expected a value, found '\(rest)'")
            default:
                var digits = ""
                while let d = peek, d == "-" || d == "+" || d == "_" || ("0"..."9").contains(d) {
                    if d != "_" { digits.unicodeScalars.append(d) }
                    at += 1
                }
                guard let number = Int(digits) else { throw fail("expected a string, integer, boolean or array, found '\(rest)'") }
                return .integer(number)
            }
        }

        var rest: String { String(String.UnicodeScalarView(chars[at...])) }

        mutating func word(_ w: String) -> Bool {
            let scalars = Array(w.unicodeScalars)
            guard at + scalars.count <= chars.count, Array(chars[at..<(at + scalars.count)]) == scalars else { return false }
            at += scalars.count
            return true
        }

        mutating func basicString() throws -> String {
            at += 1
            var out = ""
            while let c = peek {
                at += 1
                if c == "\"" { return out }
                if c == "\\" {
                    guard let e = peek else { break }
                    at += 1
                    switch e {
                    case "\"": out += "\""
                    case "\\": out += "\\"
                    case "n": out += "\n"
                    case "t": out += "\t"
                    case "r": out += "\r"
                    case "u":
                        guard at + 4 <= chars.count,
                              let code = UInt32(String(String.UnicodeScalarView(chars[at..<(at + 4)])), radix: 16),
                              let scalar = Unicode.Scalar(code) else { throw fail("bad \\u escape") }
                        out.unicodeScalars.append(scalar)
                        at += 4
                    default: throw fail("unknown escape \\\(e)")
                    }
                } else {
                    out.unicodeScalars.append(c)
                }
            }
            throw fail("unterminated string")
        }

        mutating func literalString() throws -> String {
            at += 1
            var out = ""
            while let c = peek {
                at += 1
                if c == "'" { return out }
                out.unicodeScalars.append(c)
            }
            throw fail("unterminated string")
        }

        mutating func array(depth: Int) throws -> TOMLValue {
            guard depth <= TOMLSubset.maximumArrayDepth else {
                throw fail("arrays nested deeper than \(TOMLSubset.maximumArrayDepth) levels")
            }
            at += 1
            var items: [TOMLValue] = []
            while true {
                skipSpaces()
                if consume("]") { return .array(items) }
                items.append(try value(depth: depth))
                skipSpaces()
                if consume(",") { continue }
                guard consume("]") else { throw fail("expected , or ] in an array (arrays must fit on one line)") }
                return .array(items)
            }
        }
    }
}
