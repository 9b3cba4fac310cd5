/// GPT-2's reversible byte-to-symbol map: printable Latin-1 bytes stand for themselves, the
/// others are shifted to U+0100 and up, so every UTF-8 byte is one visible symbol.
enum ByteLevel {
    /// The symbol of each byte, in the order openai's `bytes_to_unicode()` lists them (which is
    /// also the order of the first 256 vocabulary ids).
    static let symbols: [String] = orderedBytes.map { String(Unicode.Scalar(symbolCode(of: $0))!) }

    private static let printable: [Int] = Array(0x21...0x7E) + Array(0xA1...0xAC) + Array(0xAE...0xFF)
    private static let orderedBytes: [Int] = printable + (0..<256).filter { !printable.contains($0) }
    private static let symbolByByte: [Character] = (0..<256).map { Character(Unicode.Scalar(symbolCode(of: $0))!) }

    private static func symbolCode(of byte: Int) -> UInt32 {
        if printable.contains(byte) { return UInt32(byte) }
        return UInt32(256 + (0..<byte).filter { !printable.contains($0) }.count)
    }

    /// The symbols of the UTF-8 bytes of `word`, one string per byte.
    static func encode(_ word: String) -> [String] {
        word.utf8.map { String(symbolByByte[Int($0)]) }
    }
}

/// Byte-pair encoding with CLIP's end-of-word marker: the last symbol of a word carries "</w>",
/// then the adjacent pair with the best (lowest) merge rank is merged, everywhere, until no
/// pair has a rank.
struct BytePairEncoder: Sendable {
    static let endOfWord = "</w>"
    private let vocabulary: [String: Int32]
    private let ranks: [String: Int]
    /// <|endoftext|>, CLIP's unknown token.
    private let unknown: Int32

    init(vocabulary: [String: Int32], merges: [(String, String)], unknown: Int32) {
        self.vocabulary = vocabulary
        self.unknown = unknown
        var ranks: [String: Int] = [:]
        ranks.reserveCapacity(merges.count)
        for (rank, merge) in merges.enumerated() where ranks[Self.key(merge.0, merge.1)] == nil {
            ranks[Self.key(merge.0, merge.1)] = rank
        }
        self.ranks = ranks
    }

    /// Symbols contain no spaces (the byte map moves 0x20 away), so "left right" is unambiguous.
    private static func key(_ left: String, _ right: String) -> String { left + " " + right }

    func encode(word symbols: [String]) -> [Int32] {
        guard !symbols.isEmpty else { return [] }
        var parts = symbols
        parts[parts.count - 1] += Self.endOfWord
        while parts.count > 1 {
            var best: (rank: Int, left: String, right: String)?
            for i in 0..<(parts.count - 1) {
                if let rank = ranks[Self.key(parts[i], parts[i + 1])], rank < (best?.rank ?? .max) {
                    best = (rank, parts[i], parts[i + 1])
                }
            }
            guard let (_, left, right) = best else { break }
            var merged: [String] = []
            merged.reserveCapacity(parts.count)
            var i = 0
            while i < parts.count {
                if i + 1 < parts.count, parts[i] == left, parts[i + 1] == right {
                    merged.append(left + right)
                    i += 2
                } else {
                    merged.append(parts[i])
                    i += 1
                }
            }
            parts = merged
        }
        // Every byte symbol (with and without "</w>") is in the vocabulary and every merge
        // result is too, so the fallback to <|endoftext|> (CLIP's unknown token) is for
        // hand-made vocabularies only.
        return parts.map { vocabulary[$0] ?? unknown }
    }
}
