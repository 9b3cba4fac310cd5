import Foundation

/// A checkpoint split into shards by transformers' / diffusers' `save_pretrained(max_shard_size:)`:
/// `*.safetensors.index.json` (or `*.bin.index.json`) maps every tensor name to the shard file
/// beside it that holds it.
struct ShardedCheckpoint {
    let tensors: [StoredTensor]
    let shardCount: Int

    static func load(indexPath: String) throws -> ShardedCheckpoint {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: indexPath))
        } catch {
            throw CheckpointError.cannotOpen(path: indexPath, reason: error.localizedDescription)
        }
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let weightMap = object["weight_map"] as? [String: Any] else {
            throw CheckpointError.malformed(what: indexPath, reason: "not a shard index (no \"weight_map\" object)")
        }
        var byShard: [String: [String]] = [:]
        for (name, value) in weightMap {
            guard let shard = value as? String else {
                throw CheckpointError.malformed(what: indexPath, reason: "the shard of '\(name)' is not a file name")
            }
            // Shards live beside their index; a path could reach any file on the machine.
            guard !shard.isEmpty, !shard.contains("/"), !shard.contains("\\"), shard != ".", shard != ".." else {
                throw CheckpointError.malformed(what: indexPath, reason: "shard '\(shard)' is not a file name in the index's folder")
            }
            byShard[shard, default: []].append(name)
        }
        guard !byShard.isEmpty else { throw CheckpointError.malformed(what: indexPath, reason: "the index lists no tensors") }
        let folder = URL(fileURLWithPath: indexPath).deletingLastPathComponent()
        var tensors: [StoredTensor] = []
        for shard in byShard.keys.sorted() {
            let path = folder.appendingPathComponent(shard).path
            guard FileManager.default.fileExists(atPath: path) else {
                throw CheckpointError.cannotOpen(path: path, reason: "shard listed in \(indexPath) is missing")
            }
            let file = try CheckpointFile.load(buffer: ByteBuffer.map(path: path), path: path)
            for name in byShard[shard]!.sorted() {
                guard let tensor = file.stored[name] else {
                    throw CheckpointError.malformed(what: indexPath, reason: "it puts '\(name)' in \(shard), which has no such tensor")
                }
                tensors.append(tensor)
            }
        }
        return ShardedCheckpoint(tensors: tensors, shardCount: byShard.count)
    }
}
