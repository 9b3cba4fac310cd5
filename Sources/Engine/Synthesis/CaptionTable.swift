import Foundation

/// Captions per clean image for `gendeg synth --captions FILE`, as the reference keeps them
/// beside its data: a JSON object `{"name.png": "a street at night", ...}`, a JSON list of
/// `{"image": "name.png", "caption": "..."}` objects, or a CSV of `name,caption` rows (a header
/// row naming the columns is allowed). Names are matched by file name, with or without extension.
public struct CaptionTable: Sendable, Equatable {
    public let path: String
    public let captions: [String: String]

    public init(path: String, captions: [String: String]) {
        self.path = path
        self.captions = captions
    }

    public static func read(_ path: String) throws -> CaptionTable {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw SynthesisError.badCaptions(path, "cannot read it (\(error.localizedDescription))")
        }
        guard let text = String(data: data, encoding: .utf8) else { throw SynthesisError.badCaptions(path, "not UTF-8 text") }
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        let pairs = trimmed.hasPrefix("{") || trimmed.hasPrefix("[") ? try json(data, path) : try csv(trimmed, path)
        var captions: [String: String] = [:]
        for (name, caption) in pairs {
            let key = (name as NSString).lastPathComponent
            guard !key.isEmpty else { throw SynthesisError.badCaptions(path, "an entry has an empty image name") }
            if let earlier = captions[key], earlier != caption {
                throw SynthesisError.badCaptions(path, "'\(key)' has two different captions")
            }
            captions[key] = caption
        }
        guard !captions.isEmpty else { throw SynthesisError.badCaptions(path, "no captions in it") }
        return CaptionTable(path: path, captions: captions)
    }

    /// The caption of the image at `imagePath`, by file name, then by name without extension.
    public func caption(for imagePath: String) -> String? {
        let name = (imagePath as NSString).lastPathComponent
        if let caption = captions[name] { return caption }
        let stem = (name as NSString).deletingPathExtension
        return captions[stem] ?? captions.first { ($0.key as NSString).deletingPathExtension == stem }?.value
    }

    static func json(_ data: Data, _ path: String) throws -> [(String, String)] {
        let object: Any
        do { object = try JSONSerialization.jsonObject(with: data) } catch {
            throw SynthesisError.badCaptions(path, "not valid JSON (\(error.localizedDescription))")
        }
        if let map = object as? [String: Any] {
            return try map.sorted { $0.key < $1.key }.map { name, value in
                guard let caption = value as? String else { throw SynthesisError.badCaptions(path, "the caption of '\(name)' is not a string") }
                return (name, caption)
            }
        }
        guard let list = object as? [[String: Any]] else {
            throw SynthesisError.badCaptions(path, "expected an object of name: caption, or a list of {\"image\", \"caption\"} objects")
        }
        return try list.enumerated().map { index, entry in
            guard let name = (entry["image"] ?? entry["file"] ?? entry["name"]) as? String,
                  let caption = (entry["caption"] ?? entry["prompt"]) as? String else {
                throw SynthesisError.badCaptions(path, "entry \(index) needs \"image\" and \"caption\" strings")
            }
            return (name, caption)
        }
    }

    static func csv(_ text: String, _ path: String) throws -> [(String, String)] {
        var rows: [(String, String)] = []
        for (number, line) in text.split(whereSeparator: \.isNewline).enumerated() {
            let fields = try csvFields(String(line), path: path, line: number + 1)
            guard fields.count == 2 else {
                throw SynthesisError.badCaptions(path, "line \(number + 1): expected 2 columns (image, caption), found \(fields.count)")
            }
            if number == 0, ["image", "file", "name", "filename"].contains(fields[0].lowercased()),
               ["caption", "prompt", "text"].contains(fields[1].lowercased()) { continue }
            rows.append((fields[0], fields[1]))
        }
        return rows
    }

    /// RFC 4180 fields of one line: commas separate, double quotes enclose, "" is a quote.
    static func csvFields(_ line: String, path: String, line number: Int) throws -> [String] {
        var fields: [String] = [], current = ""
        var quoted = false, wasQuoted = false
        var characters = line.makeIterator()
        while let c = characters.next() {
            if quoted {
                if c == "\"" {
                    var lookahead = characters
                    if lookahead.next() == "\"" { current.append("\""); characters = lookahead } else { quoted = false }
                } else { current.append(c) }
            } else if c == "\"" && current.trimmingCharacters(in: .whitespaces).isEmpty && !wasQuoted {
                quoted = true; wasQuoted = true; current = ""
            } else if c == "," {
                fields.append(wasQuoted ? current : current.trimmingCharacters(in: .whitespaces)); current = ""; wasQuoted = false
            } else { current.append(c) }
        }
        if quoted { throw SynthesisError.badCaptions(path, "line \(number): unclosed quote") }
        fields.append(wasQuoted ? current : current.trimmingCharacters(in: .whitespaces))
        return fields
    }
}
