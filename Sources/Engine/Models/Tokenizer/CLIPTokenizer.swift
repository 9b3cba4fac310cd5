import Foundation

public enum CLIPTokenizerError: Error, CustomStringConvertible {
    case unreadable(URL, String)
    case malformed(URL, String)
    case missingBundledVocabulary

    public var description: String {
        switch self {
        case .unreadable(let url, let why): return "cannot read \(url.path): \(why)"
        case .malformed(let url, let why): return "\(url.path) is not a CLIP vocabulary: \(why)"
        case .missingBundledVocabulary: return "the bundled CLIP vocabulary (clip/bpe_simple_vocab_16e6.txt.gz) is missing"
        }
    }
}

/// CLIP's byte-level BPE tokenizer, producing the ids transformers' `CLIPTokenizer` produces with
/// `truncation=True, max_length=77, padding="max_length"` (as LDM's FrozenCLIPEmbedder calls it):
/// <|startoftext|>, at most 75 text tokens, <|endoftext|>, then <|endoftext|> padding.
public struct CLIPTokenizer: Sendable {
    public static let contextLength = 77
    /// openai's ids for <|startoftext|> and <|endoftext|>; a vocabulary file may use others.
    public static let startToken: Int32 = 49406
    public static let endToken: Int32 = 49407
    /// openai's CLIP uses the first 49152 - 256 - 2 merges of its merges file.
    public static let mergeCount = 49152 - 256 - 2

    private let encoder: BytePairEncoder
    private let specialTokens: [String: Int32]
    /// This vocabulary's ids for <|startoftext|> and <|endoftext|> (also the padding).
    public let startID: Int32
    public let endID: Int32

    /// transformers' files: vocab.json (token -> id) and merges.txt ("#version" line, then one
    /// "left right" pair per line, best first). Either may be gzip-compressed.
    public init(vocabURL: URL, mergesURL: URL) throws {
        let vocabData = Data(try Self.readText(vocabURL).utf8)
        guard let object = try? JSONSerialization.jsonObject(with: vocabData), let table = object as? [String: Int] else {
            throw CLIPTokenizerError.malformed(vocabURL, "expected a JSON object of token ids")
        }
        let merges = try Self.parseMerges(try Self.readText(mergesURL), url: mergesURL, limit: nil)
        var vocabulary: [String: Int32] = [:]
        vocabulary.reserveCapacity(table.count)
        for (token, id) in table {
            guard let id32 = Int32(exactly: id), id32 >= 0 else { throw CLIPTokenizerError.malformed(vocabURL, "id \(id) of \(token) is out of range") }
            vocabulary[token] = id32
        }
        try self.init(vocabulary: vocabulary, merges: merges, url: vocabURL)
    }

    /// The tokenizers library's single file (`tokenizer.json`, which transformers 5.x saves
    /// instead of vocab.json + merges.txt): a BPE model with CLIP's "</w>" suffix; merges as
    /// "left right" strings or as [left, right] pairs.
    public init(tokenizerJSON url: URL) throws {
        let data = Data(try Self.readText(url).utf8)
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let model = object["model"] as? [String: Any], let table = model["vocab"] as? [String: Int],
              let rawMerges = model["merges"] as? [Any] else {
            throw CLIPTokenizerError.malformed(url, "expected a tokenizers file with a BPE model (model.vocab, model.merges)")
        }
        guard (model["type"] as? String ?? "BPE") == "BPE", (model["end_of_word_suffix"] as? String) == BytePairEncoder.endOfWord else {
            throw CLIPTokenizerError.malformed(url, "not CLIP's byte-level BPE (a BPE model with the \"</w>\" end-of-word suffix)")
        }
        var merges: [(String, String)] = []
        merges.reserveCapacity(rawMerges.count)
        for (index, merge) in rawMerges.enumerated() {
            let parts = (merge as? String).map { $0.split(separator: " ").map(String.init) } ?? (merge as? [String]) ?? []
            guard parts.count == 2 else { throw CLIPTokenizerError.malformed(url, "merge \(index) is not two symbols") }
            merges.append((parts[0], parts[1]))
        }
        var vocabulary: [String: Int32] = [:]
        vocabulary.reserveCapacity(table.count)
        for (token, id) in table {
            guard let id32 = Int32(exactly: id), id32 >= 0 else { throw CLIPTokenizerError.malformed(url, "id \(id) of \(token) is out of range") }
            vocabulary[token] = id32
        }
        for case let added as [String: Any] in object["added_tokens"] as? [Any] ?? [] {
            if let content = added["content"] as? String, let id = added["id"] as? Int, let id32 = Int32(exactly: id), id32 >= 0 {
                vocabulary[content] = id32
            }
        }
        try self.init(vocabulary: vocabulary, merges: merges, url: url)
    }

    /// A tokenizer folder as transformers saves it: vocab.json + merges.txt (4.x), else
    /// tokenizer.json (5.x); nil when it holds neither.
    public static func load(folder: String) throws -> CLIPTokenizer? {
        let base = URL(fileURLWithPath: folder)
        let vocab = base.appendingPathComponent("vocab.json"), merges = base.appendingPathComponent("merges.txt")
        let single = base.appendingPathComponent("tokenizer.json")
        let exists = { (url: URL) in FileManager.default.fileExists(atPath: url.path) }
        if exists(vocab), exists(merges) { return try CLIPTokenizer(vocabURL: vocab, mergesURL: merges) }
        if exists(single) { return try CLIPTokenizer(tokenizerJSON: single) }
        return nil
    }

    /// openai's / open_clip's single merges file (bpe_simple_vocab_16e6.txt, plain or .gz), the
    /// vocabulary derived from it as they do: the 256 byte symbols, the same with "</w>", one
    /// token per merge, then <|startoftext|> and <|endoftext|> (49408 tokens).
    public init(bpeMergesGzipOrText url: URL) throws {
        let merges = try Self.parseMerges(try Self.readText(url), url: url, limit: Self.mergeCount)
        guard merges.count == Self.mergeCount else {
            throw CLIPTokenizerError.malformed(url, "expected at least \(Self.mergeCount) merges, found \(merges.count)")
        }
        var tokens = ByteLevel.symbols
        tokens += ByteLevel.symbols.map { $0 + BytePairEncoder.endOfWord }
        tokens += merges.map { $0.0 + $0.1 }
        tokens += ["<|startoftext|>", "<|endoftext|>"]
        var vocabulary: [String: Int32] = [:]
        vocabulary.reserveCapacity(tokens.count)
        for (id, token) in tokens.enumerated() { vocabulary[token] = Int32(id) }
        try self.init(vocabulary: vocabulary, merges: merges, url: url)
    }

    /// The vocabulary shipped with the engine (open_clip's bpe_simple_vocab_16e6.txt.gz), read
    /// once per process.
    public static func bundled() throws -> CLIPTokenizer {
        try bundledTokenizer.get()
    }

    private static let bundledTokenizer = Result<CLIPTokenizer, Error> {
        guard let url = Bundle.module.url(forResource: "bpe_simple_vocab_16e6.txt", withExtension: "gz", subdirectory: "clip") else {
            throw CLIPTokenizerError.missingBundledVocabulary
        }
        return try CLIPTokenizer(bpeMergesGzipOrText: url)
    }

    private init(vocabulary: [String: Int32], merges: [(String, String)], url: URL) throws {
        guard let start = vocabulary["<|startoftext|>"], let end = vocabulary["<|endoftext|>"] else {
            throw CLIPTokenizerError.malformed(url, "no <|startoftext|> / <|endoftext|> tokens")
        }
        for symbol in ByteLevel.symbols where vocabulary[symbol] == nil || vocabulary[symbol + BytePairEncoder.endOfWord] == nil {
            throw CLIPTokenizerError.malformed(url, "byte symbol \(symbol) is missing")
        }
        encoder = BytePairEncoder(vocabulary: vocabulary, merges: merges, unknown: end)
        specialTokens = ["<|startoftext|>": start, "<|endoftext|>": end]
        startID = start
        endID = end
    }

    /// The 77 ids for `text`.
    public func encode(_ text: String) -> [Int32] {
        var ids = [startID] + tokenize(text).prefix(Self.contextLength - 2) + [endID]
        ids += [Int32](repeating: endID, count: Self.contextLength - ids.count)
        return ids
    }

    /// The ids of `text` alone: no start/end tokens, no truncation.
    public func tokenize(_ text: String) -> [Int32] {
        var ids: [Int32] = []
        for segment in CLIPPreTokenizer.segments(text, specialTokens: Array(specialTokens.keys)) {
            switch segment {
            case .special(let token): ids.append(specialTokens[token]!)
            case .text(let text):
                for word in CLIPPreTokenizer.words(CLIPPreTokenizer.normalize(text)) {
                    ids += encoder.encode(word: ByteLevel.encode(word))
                }
            }
        }
        return ids
    }

    private static func readText(_ url: URL) throws -> String {
        let bytes: [UInt8]
        do {
            bytes = [UInt8](try InputFile.read(url.path))
        } catch {
            throw CLIPTokenizerError.unreadable(url, FileError.reason(of: error))
        }
        let plain: [UInt8]
        do {
            plain = Gzip.isGzip(bytes) ? try Gzip.decompress(bytes) : bytes
        } catch {
            throw CLIPTokenizerError.malformed(url, "\(error)")
        }
        guard let text = String(bytes: plain, encoding: .utf8) else { throw CLIPTokenizerError.malformed(url, "not UTF-8 text") }
        return text
    }

    /// "left right" lines (LF or CRLF) after an optional header line ("#version: 0.2" in
    /// transformers' files, "bpe_simple_vocab_16e6.txt#version: 0.2" in openai's); `limit`
    /// keeps only the first merges, so the unused tail of openai's file is never split.
    private static func parseMerges(_ text: String, url: URL, limit: Int?) throws -> [(String, String)] {
        let bytes = Array(text.utf8)
        var merges: [(String, String)] = []
        var start = 0, lineNumber = 0
        while start < bytes.count, merges.count < (limit ?? .max) {
            var end = start
            while end < bytes.count, bytes[end] != 0x0A { end += 1 }
            let lineEnd = end > start && bytes[end - 1] == 0x0D ? end - 1 : end
            let line = bytes[start..<lineEnd]
            start = end + 1
            lineNumber += 1
            if line.isEmpty || (lineNumber == 1 && line.starts(with: Array("#version".utf8))) { continue }
            if lineNumber == 1, let hash = line.firstIndex(of: UInt8(ascii: "#")), line[hash...].starts(with: Array("#version".utf8)) { continue }
            let parts = line.split(separator: 0x20)
            guard parts.count == 2 else {
                throw CLIPTokenizerError.malformed(url, "line \(lineNumber) (\"\(String(decoding: line, as: UTF8.self))\") is not two symbols")
            }
            merges.append((String(decoding: parts[0], as: UTF8.self), String(decoding: parts[1], as: UTF8.self)))
        }
        return merges
    }
}
