import Foundation

/// One line of a synthesis manifest (JSONL): everything needed to find, trust and reproduce a sample.
public struct ManifestRecord: Codable, Equatable, Sendable {
    public var id: String
    public var input: String          // degraded image, relative to the output folder
    public var target: String         // clean image, relative to the output folder
    public var type: String
    public var index: Int
    public var targetMu: Double
    public var targetSigma: Double
    public var measuredMu: Double
    public var measuredSigma: Double
    public var intensity: Double?     // physical slider value that reached the target
    public var dataset: String?       // real dataset the target was drawn from
    public var uniformDraw: Bool
    public var clampedToReach: Bool   // the target lay outside the model's reach on this image
    public var generator: String
    public var modelSHA256: String?
    public var seed: UInt64
    public var sourcePath: String
    public var sourceSHA256: String
    public var gendegVersion: String

    enum CodingKeys: String, CodingKey {
        case id, input, target, type, index, intensity, dataset, generator, seed
        case targetMu = "target_mu", targetSigma = "target_sigma"
        case measuredMu = "measured_mu", measuredSigma = "measured_sigma"
        case uniformDraw = "uniform_draw", clampedToReach = "clamped_to_reach"
        case modelSHA256 = "model_sha256", sourcePath = "source_path", sourceSHA256 = "source_sha256"
        case gendegVersion = "gendeg_version"
    }

    public func jsonLine() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }
}

/// Reading, appending and merging JSONL manifests. Each shard appends to its own file with
/// one write(2) per line; a line cut short by a kill is ignored on the next read.
public enum SynthesisManifest {
    public static let mergedName = "manifest.jsonl"

    public static func shardFileName(_ shard: Shard) -> String { "manifest-\(shard.fileTag).jsonl" }

    /// Valid records of a manifest file, last one winning per id; unparsable lines are skipped.
    public static func read(_ path: String) -> [ManifestRecord] {
        guard let data = FileManager.default.contents(atPath: path) else { return [] }
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
        let names = (try FileManager.default.contentsOfDirectory(atPath: folder))
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
