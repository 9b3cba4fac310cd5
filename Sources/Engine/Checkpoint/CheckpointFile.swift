import Foundation

/// Named tensors from a safetensors file, a PyTorch checkpoint (.ckpt/.pth/.pt/.bin, zip or
/// legacy format), or a diffusers folder. Files are memory-mapped; a tensor's bytes are read
/// and converted to float32 only when `tensor(_:)` asks for it.
public final class CheckpointFile: @unchecked Sendable {
    public enum Format: String, Sendable {
        case safetensors
        case torchZip = "pytorch-zip"
        case torchLegacy = "pytorch-legacy"
        case diffusersFolder = "diffusers-folder"
    }

    public let path: String
    public let format: Format
    /// Tensor names in file order.
    public let names: [String]
    /// safetensors `__metadata__`, or a torch checkpoint's non-tensor values (`global_step`, ...).
    public let metadata: [String: String]
    let stored: [String: StoredTensor]

    init(path: String, format: Format, tensors: [StoredTensor], metadata: [String: String]) throws {
        var stored: [String: StoredTensor] = [:]
        for tensor in tensors {
            guard stored.updateValue(tensor, forKey: tensor.name) == nil else {
                throw CheckpointError.malformed(what: path, reason: "tensor '\(tensor.name)' appears twice")
            }
        }
        self.path = path
        self.format = format
        self.names = tensors.map(\.name)
        self.metadata = metadata
        self.stored = stored
    }

    /// Opens a checkpoint file or a diffusers model folder.
    public static func open(_ path: String) throws -> CheckpointFile {
        let isFolder: Bool
        do { isFolder = try InputFile.check(path, allowFolder: true) } catch let error as FileError {
            throw CheckpointError.cannotOpen(path: path, reason: error.reason)
        }
        if isFolder { return try openDiffusersFolder(path) }
        if path.hasSuffix(".index.json") {
            return try CheckpointFile(path: path, format: .safetensors, tensors: ShardedCheckpoint.load(indexPath: path).tensors,
                                      metadata: [:])
        }
        return try loadNamingFile(path)
    }

    /// A file's tensors; a parse error names the file it was found in.
    private static func loadNamingFile(_ path: String) throws -> CheckpointFile {
        do { return try load(buffer: ByteBuffer.map(path: path), path: path) } catch let error as CheckpointError {
            throw error.naming(path)
        }
    }

    /// Parses a checkpoint held in memory (the same code path as files; used by tests and fuzzing).
    public static func parse(bytes: Data, path: String = "<memory>") throws -> CheckpointFile {
        try load(buffer: ByteBuffer(copying: bytes), path: path)
    }

    /// The stored tensors in file order.
    var orderedTensors: [StoredTensor] { names.compactMap { stored[$0] } }

    public func info(_ name: String) -> TensorInfo? {
        stored[name]?.info
    }

    /// The tensor's values converted to float32 (integer and boolean dtypes included). Floating-point
    /// tensors holding NaN or infinity are refused: every model reads its weights through here.
    public func tensor(_ name: String) throws -> Tensor {
        guard let tensor = stored[name] else { throw CheckpointError.missingTensor(name) }
        let values = tensor.materialize()
        if tensor.info.dtype.isFloatingPoint, !values.data.withUnsafeBufferPointer(FiniteCheck.allFinite) {
            throw CheckpointError.nonFiniteWeights(tensor: name, path: file(holding: name),
                                                   count: FiniteCheck.nonFiniteCount(values.data))
        }
        return values
    }

    /// The file a tensor is read from: the component's weight file in a diffusers folder.
    func file(holding name: String) -> String {
        guard format == .diffusersFolder, let component = name.split(separator: ".").first else { return path }
        return metadata["\(component).file"] ?? path
    }

    static func load(buffer: ByteBuffer, path: String) throws -> CheckpointFile {
        let bytes = buffer.bytes
        if ZipArchive.isZip(bytes) {
            let (tensors, metadata) = try TorchCheckpoint.load(buffer: buffer)
            return try CheckpointFile(path: path, format: .torchZip, tensors: tensors, metadata: metadata)
        }
        // safetensors before pickles: a header of 128 + 256k bytes starts the file with 0x80, a
        // pickle's PROTO opcode; '{' at byte 8 is no pickle opcode, so this order is unambiguous.
        if bytes.count >= 9, bytes[8] == UInt8(ascii: "{") {
            let (tensors, metadata) = try Safetensors.load(buffer: buffer)
            return try CheckpointFile(path: path, format: .safetensors, tensors: tensors, metadata: metadata)
        }
        if TorchCheckpoint.isLegacyPickle(bytes) {
            let (tensors, metadata) = try LegacyTorchCheckpoint.load(buffer: buffer, path: path)
            return try CheckpointFile(path: path, format: .torchLegacy, tensors: tensors, metadata: metadata)
        }
        if bytes.count < 9 {
            throw CheckpointError.truncated(what: path, needed: 9, available: bytes.count)
        }
        throw CheckpointError.unknownFormat(path: path)
    }

    /// The weight files of a diffusers pipeline folder, by component, in order of preference
    /// (full precision before the fp16 variant, safetensors before pickles, one file before a
    /// sharded index); names get the component as a prefix ("unet.conv_in.weight").
    static let diffusersComponents: [(folder: String, files: [String])] = [
        ("unet", diffusersWeightFiles("diffusion_pytorch_model")),
        ("vae", diffusersWeightFiles("diffusion_pytorch_model")),
        ("text_encoder", diffusersWeightFiles("model", pickle: "pytorch_model")),
        // GenDeg's stats_proj and cc_projection, in gendeg's own folder layout for GenDeg models.
        ("conditioning", ["conditioning.safetensors"]),
    ]

    private static func diffusersWeightFiles(_ stem: String, pickle: String? = nil) -> [String] {
        let pickle = pickle ?? stem
        return ["\(stem).safetensors", "\(stem).safetensors.index.json", "\(stem).fp16.safetensors",
                "\(stem).safetensors.index.fp16.json", "\(pickle).bin", "\(pickle).bin.index.json"]
    }

    private static func openDiffusersFolder(_ path: String) throws -> CheckpointFile {
        let folder = URL(fileURLWithPath: path)
        var tensors: [StoredTensor] = []
        var metadata: [String: String] = [:]
        for (component, candidates) in diffusersComponents {
            guard let file = candidates.map({ folder.appendingPathComponent(component).appendingPathComponent($0).path })
                .first(where: { FileManager.default.fileExists(atPath: $0) }) else { continue }
            let part: [StoredTensor]
            if file.hasSuffix(".json") {
                let index = try ShardedCheckpoint.load(indexPath: file)
                part = index.tensors
                metadata["\(component).shards"] = "\(index.shardCount)"
            } else {
                part = try loadNamingFile(file).orderedTensors
            }
            metadata["\(component).file"] = file
            let dtypes = Set(part.map(\.info.dtype.rawValue)).sorted()
            if !dtypes.isEmpty { metadata["\(component).dtype"] = dtypes.joined(separator: ", ") }
            for tensor in part {
                tensors.append(try StoredTensor(
                    name: "\(component).\(tensor.name)", info: tensor.info, buffer: tensor.buffer,
                    storageByteOffset: tensor.storageByteOffset, storageElements: tensor.storageElements,
                    elementOffset: tensor.elementOffset, strides: tensor.strides))
            }
        }
        if tensors.isEmpty, let file = diffusersComponents.flatMap(\.files).map({ folder.appendingPathComponent($0).path })
            .first(where: { FileManager.default.fileExists(atPath: $0) }) {
            // One component's own folder (text_encoder/, unet/): its names stay unprefixed.
            let part = file.hasSuffix(".json") ? try ShardedCheckpoint.load(indexPath: file).tensors
                : try load(buffer: ByteBuffer.map(path: file), path: file).orderedTensors
            metadata["file"] = file
            return try CheckpointFile(path: path, format: .diffusersFolder, tensors: part, metadata: metadata)
        }
        guard !tensors.isEmpty else { throw CheckpointError.unknownFormat(path: path) }
        return try CheckpointFile(path: path, format: .diffusersFolder, tensors: tensors, metadata: metadata)
    }
}
