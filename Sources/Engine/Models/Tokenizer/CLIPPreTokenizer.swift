import Foundation

/// The text handling in front of CLIP's BPE, as transformers' (tokenizers-backed) CLIPTokenizer
/// does it: special tokens are matched on the raw text; the rest is NFC-normalized, every
/// whitespace run becomes one space, it is lower-cased, and it is split with CLIP's pattern
/// `<\|startoftext\|>|<\|endoftext\|>|'s|'t|'re|'ve|'m|'ll|'d|[\p{L}]+|[\p{N}]|[^\s\p{L}\p{N}]+`
/// (whitespace between matches dropped). Everything works on Unicode scalars, like the regex.
enum CLIPPreTokenizer {
    enum Segment: Equatable {
        case special(String)
        case text(String)
    }

    /// Splits out literal occurrences of the special tokens.
    static func segments(_ text: String, specialTokens: [String]) -> [Segment] {
        var result: [Segment] = []
        var rest = Substring(text)
        while !rest.isEmpty {
            let hits = specialTokens.compactMap { token in rest.range(of: token).map { (token, $0) } }
            guard let (token, range) = hits.min(by: { $0.1.lowerBound < $1.1.lowerBound }) else { break }
            if range.lowerBound > rest.startIndex { result.append(.text(String(rest[..<range.lowerBound]))) }
            result.append(.special(token))
            rest = rest[range.upperBound...]
        }
        if !rest.isEmpty { result.append(.text(String(rest))) }
        return result
    }

    /// NFC, whitespace runs to a single space, then per-scalar full lower-casing (no
    /// context-dependent rules, as Rust's `char::to_lowercase`).
    static func normalize(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        var inWhitespace = false
        for scalar in text.precomposedStringWithCanonicalMapping.unicodeScalars {
            if scalar.properties.isWhitespace {
                if !inWhitespace { out.append(" ") }
                inWhitespace = true
                continue
            }
            inWhitespace = false
            if scalar.properties.changesWhenLowercased {
                out.append(contentsOf: scalar.properties.lowercaseMapping.unicodeScalars)
            } else {
                out.append(scalar)
            }
        }
        return String(out)
    }

    /// The pieces CLIP's pattern matches, in order. The special-token alternatives are left out:
    /// after lower-casing they can only match text that is not the raw special token, and the
    /// byte-level split that follows cuts such a match into the same pieces ("<|", "endoftext",
    /// "|>") the remaining alternatives produce.
    static func words(_ text: String) -> [String] {
        let scalars = Array(text.unicodeScalars)
        var words: [String] = []
        var i = 0
        func take(_ end: Int) {
            var view = String.UnicodeScalarView()
            view.append(contentsOf: scalars[i..<end])
            words.append(String(view))
            i = end
        }
        while i < scalars.count {
            let scalar = scalars[i]
            if scalar == "'", let length = contractionLength(scalars, at: i) {
                take(i + length)
            } else if isLetter(scalar) {
                var end = i + 1
                while end < scalars.count, isLetter(scalars[end]) { end += 1 }
                take(end)
            } else if isNumber(scalar) {
                take(i + 1)
            } else if scalar.properties.isWhitespace {
                i += 1
            } else {
                var end = i + 1
                while end < scalars.count, !isLetter(scalars[end]), !isNumber(scalars[end]), !scalars[end].properties.isWhitespace { end += 1 }
                take(end)
            }
        }
        return words
    }

    private static let contractions: [[Unicode.Scalar]] = ["s", "t", "re", "ve", "m", "ll", "d"].map { Array($0.unicodeScalars) }

    /// The length of the contraction ('s, 't, 're, 've, 'm, 'll, 'd) starting at `start`, if any.
    private static func contractionLength(_ scalars: [Unicode.Scalar], at start: Int) -> Int? {
        for suffix in contractions where start + suffix.count < scalars.count {
            if scalars[(start + 1)...(start + suffix.count)].elementsEqual(suffix) { return suffix.count + 1 }
        }
        return nil
    }

    private static func isLetter(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter: return true
        default: return false
        }
    }

    private static func isNumber(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .decimalNumber, .letterNumber, .otherNumber: return true
        default: return false
        }
    }
}
