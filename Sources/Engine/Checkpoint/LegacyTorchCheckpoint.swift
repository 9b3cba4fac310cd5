/// Reads the legacy torch.save format (before PyTorch 1.6): five pickles back to back
/// (magic number, protocol version, system info, the object, the storage keys), then each
/// storage's bytes in key order, each preceded by its element count as a little-endian int64.
enum LegacyTorchCheckpoint {
    /// 0x1950a86a20f9469cfc6c as pickled by LONG1, little-endian.
    static let magicNumber: [UInt8] = [0x6C, 0xFC, 0x9C, 0x46, 0xF9, 0x20, 0x6A, 0xA8, 0x50, 0x19]
    static let protocolVersion = 1001

    static func load(buffer: ByteBuffer, path: String) throws -> (tensors: [StoredTensor], metadata: [String: String]) {
        let bytes = buffer.bytes
        let (magic, afterMagic) = try SafePickle.load(bytes: bytes, from: 0)
        guard case let .bigInt(value) = magic.root, value == magicNumber else {
            throw CheckpointError.unknownFormat(path: path)
        }
        let (version, afterVersion) = try SafePickle.load(bytes: bytes, from: afterMagic)
        guard version.root == .int(protocolVersion) else {
            throw CheckpointError.malformed(what: "legacy torch checkpoint", reason: "unknown protocol version \(version.render(version.root))")
        }
        let (systemInfo, afterInfo) = try SafePickle.load(bytes: bytes, from: afterVersion)
        if case let .dict(id) = systemInfo.root, systemInfo.dicts[id].value(forKey: "little_endian") == .bool(false) {
            throw CheckpointError.malformed(what: "legacy torch checkpoint", reason: "big-endian data is not supported")
        }
        let (object, afterObject) = try SafePickle.load(bytes: bytes, from: afterInfo)
        let stateDict = try TorchStateDict(graph: object)
        let (keyList, afterKeys) = try SafePickle.load(bytes: bytes, from: afterObject)
        guard case let .list(listID) = keyList.root else {
            throw CheckpointError.malformed(what: "legacy torch checkpoint", reason: "storage key list missing")
        }

        var storageTypes: [String: DType] = [:]
        for storage in object.storages { storageTypes[storage.key] = storage.dtype }
        var storageOffsets: [String: (offset: Int, count: Int)] = [:]
        var reader = ByteReader(bytes, what: "legacy torch storage data", offset: afterKeys)
        for item in keyList.lists[listID] {
            guard case let .string(key) = item, let dtype = storageTypes[key] else {
                throw CheckpointError.malformed(what: "legacy torch checkpoint", reason: "storage key list names an unknown storage")
            }
            let declared = try reader.uint64()
            let (byteCount, overflow) = Int(clamping: declared).multipliedReportingOverflow(by: dtype.byteSize)
            guard declared <= UInt64(Int.max), !overflow else {
                throw CheckpointError.malformed(what: "legacy storage '\(key)'", reason: "size \(declared) is too large")
            }
            storageOffsets[key] = (reader.offset, Int(declared))
            try reader.skip(byteCount)
        }

        let tensors = try stateDict.entries.map { entry -> StoredTensor in
            guard let location = storageOffsets[entry.storage.key] else {
                throw CheckpointError.tensorOutOfBounds(tensor: entry.name, reason: "its storage '\(entry.storage.key)' has no data")
            }
            return try StoredTensor(
                name: entry.name, info: TensorInfo(dtype: entry.storage.dtype, shape: entry.tensor.shape), buffer: buffer,
                storageByteOffset: location.offset, storageElements: location.count,
                elementOffset: entry.tensor.storageOffset, strides: entry.tensor.strides)
        }
        return (tensors, stateDict.metadata)
    }
}
