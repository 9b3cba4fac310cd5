import Foundation

/// Reading, appending and merging JSONL manifests. Each shard appends to its own file with
/// one write(2) per line; a line cut short by a kill is ignored on the next read.
public enum SynthesisManifest {
    public static let mergedName = "manifest.jsonl"

    public static func shardFileName(_ shard: Shard) -> String { "manifest-\(shard.fileTag).jsonl" }

    /// Valid records of a manifest file, last one winning per id; unparsable lines are skipped.
    public static func read(_ path: String) -> [ManifestRecord] {
        guard let data = try? InputFile.read(path) else { return [] }
        let decoder = JSONDecoder()
        var byID: [String: Int] = [:]
        var records: [ManifestRecord] = []
        for line in data.split(separator: UInt8(ascii: "\n")) {
            guard let record = try? decoder.decode(ManifestRecord.self, from: Data(line)) else { continue }
            if let at = byID[record.id] { records[at] = record } else {
                byID[record.id] = records.count
                records.append(record)
            }
        }
        return records
    }

    /// Rewrites a manifest atomically with exactly these records.
    public static func write(_ records: [ManifestRecord], to path: String) throws {
        let text = try records.map { try $0.jsonLine() + "\n" }.joined()
        try AtomicFile.write(Data(text.utf8), to: path)
    }

    public static func append(_ record: ManifestRecord, to path: String) throws {
        try AtomicFile.appendLine(try record.jsonLine(), to: path)
    }

    /// Merges every shard manifest in `folder` into manifest.jsonl, sorted by id, without
    /// duplicates. Returns the merged records.
    @discardableResult
    public static func merge(folder: String) throws -> [ManifestRecord] {
        let listed: [String]
        do {
            guard try InputFile.check(folder, allowFolder: true) else { throw FileError(path: folder, reason: "is a file, not a synthesis output folder") }
            listed = try FileManager.default.contentsOfDirectory(atPath: folder)
        } catch let error as FileError {
            throw error
        } catch {
            throw FileError.describing(error, path: folder)
        }
        let names = listed
            .filter { $0.hasPrefix("manifest-") && $0.hasSuffix(".jsonl") }.sorted()
        var byID: [String: ManifestRecord] = [:]
        for name in names {
            for record in read((folder as NSString).appendingPathComponent(name)) { byID[record.id] = record }
        }
        let merged = byID.values.sorted { $0.id < $1.id }
        try write(merged, to: (folder as NSString).appendingPathComponent(mergedName))
        return merged
    }
}
