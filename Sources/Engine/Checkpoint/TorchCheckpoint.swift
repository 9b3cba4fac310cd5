/// Reads PyTorch's zip checkpoint format (torch.save since 1.6): `<folder>/data.pkl` holds
/// the pickled object and `<folder>/data/<key>` holds each storage's raw little-endian bytes.
enum TorchCheckpoint {
    /// The first bytes of a legacy torch.save file: a pickled magic number.
    static func isLegacyPickle(_ bytes: UnsafeRawBufferPointer) -> Bool {
        bytes.count >= 2 && bytes[0] == 0x80 && bytes[1] <= 5
    }

    static func load(buffer: ByteBuffer) throws -> (tensors: [StoredTensor], metadata: [String: String]) {
        let archive = try ZipArchive(bytes: buffer.bytes)
        var entries: [String: ZipArchive.Entry] = [:]
        for entry in archive.entries { entries[entry.name] = entry }
        let pickles = archive.entries.filter { entry in
            let parts = entry.name.split(separator: "/", omittingEmptySubsequences: false)
            return parts.count == 2 && parts[1] == "data.pkl"
        }
        guard let pickleEntry = pickles.first else { throw CheckpointError.missingArchiveEntry("<folder>/data.pkl") }
        let folder = String(pickleEntry.name.dropLast("/data.pkl".count))

        if let order = entries["\(folder)/byteorder"] {
            let text = String(decoding: buffer.bytes[order.dataOffset..<(order.dataOffset + order.size)], as: UTF8.self)
            guard text == "little" else {
                throw CheckpointError.malformed(what: "checkpoint", reason: "byte order '\(text)' is not little-endian")
            }
        }
        let pickleBytes = UnsafeRawBufferPointer(
            rebasing: buffer.bytes[pickleEntry.dataOffset..<(pickleEntry.dataOffset + pickleEntry.size)])
        let stateDict = try TorchStateDict(graph: SafePickle.load(bytes: pickleBytes))
        var tensors: [StoredTensor] = []
        tensors.reserveCapacity(stateDict.entries.count)
        for entry in stateDict.entries {
            let storage = entry.storage
            let blobName = "\(folder)/data/\(storage.key)"
            guard let blob = entries[blobName] else {
                throw CheckpointError.tensorOutOfBounds(tensor: entry.name, reason: "its storage entry '\(blobName)' is missing")
            }
            let (needed, overflow) = storage.elementCount.multipliedReportingOverflow(by: storage.dtype.byteSize)
            guard !overflow, needed <= blob.size else {
                throw CheckpointError.tensorOutOfBounds(
                    tensor: entry.name,
                    reason: "storage '\(storage.key)' declares \(storage.elementCount) \(storage.dtype.rawValue) elements but holds \(blob.size) bytes")
            }
            tensors.append(try StoredTensor(
                name: entry.name, info: TensorInfo(dtype: storage.dtype, shape: entry.tensor.shape), buffer: buffer,
                storageByteOffset: blob.dataOffset, storageElements: storage.elementCount,
                elementOffset: entry.tensor.storageOffset, strides: entry.tensor.strides))
        }
        return (tensors, stateDict.metadata)
    }
}
