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
    private let stored: [String: StoredTensor]

    private init(path: String, format: Format, tensors: [StoredTensor], metadata: [String: String]) throws {
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
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw CheckpointError.cannotOpen(path: path, reason: "no such file or folder")
        }
        if isDirectory.boolValue { return try openDiffusersFolder(path) }
        return try load(buffer: ByteBuffer.map(path: path), path: path)
    }

    /// Parses a checkpoint held in memory (the same code path as files; used by tests and fuzzing).
    public static func parse(bytes: Data, path: String = "<memory>") throws -> CheckpointFile {
        try load(buffer: ByteBuffer(copying: bytes), path: path)
    }

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

    private static func load(buffer: ByteBuffer, path: String) throws -> CheckpointFile {
        let bytes = buffer.bytes
        if ZipArchive.isZip(bytes) {
            let (tensors, metadata) = try TorchCheckpoint.load(buffer: buffer)
            return try CheckpointFile(path: path, format: .torchZip, tensors: tensors, metadata: metadata)
        }
        if TorchCheckpoint.isLegacyPickle(bytes) {
            let (tensors, metadata) = try LegacyTorchCheckpoint.load(buffer: buffer, path: path)
            return try CheckpointFile(path: path, format: .torchLegacy, tensors: tensors, metadata: metadata)
        }
        if bytes.count >= 9, bytes[8] == UInt8(ascii: "{") {
            let (tensors, metadata) = try Safetensors.load(buffer: buffer)
            return try CheckpointFile(path: path, format: .safetensors, tensors: tensors, metadata: metadata)
        }
        if bytes.count < 9 {
            throw CheckpointError.truncated(what: path, needed: 9, available: bytes.count)
        }
        throw CheckpointError.unknownFormat(path: path)
    }

    /// The weight files of a diffusers pipeline folder, by component; names get the
    /// component as a prefix ("unet.conv_in.weight").
    static let diffusersComponents: [(folder: String, files: [String])] = [
        ("unet", ["diffusion_pytorch_model.safetensors", "diffusion_pytorch_model.fp16.safetensors", "diffusion_pytorch_model.bin"]),
        ("vae", ["diffusion_pytorch_model.safetensors", "diffusion_pytorch_model.fp16.safetensors", "diffusion_pytorch_model.bin"]),
        ("text_encoder", ["model.safetensors", "model.fp16.safetensors", "pytorch_model.bin"]),
        // GenDeg's stats_proj and cc_projection, in gendeg's own folder layout for GenDeg models.
        ("conditioning", ["conditioning.safetensors"]),
    ]

    private static func openDiffusersFolder(_ path: String) throws -> CheckpointFile {
        let folder = URL(fileURLWithPath: path)
        var tensors: [StoredTensor] = []
        var metadata: [String: String] = [:]
        for (component, candidates) in diffusersComponents {
            guard let file = candidates.map({ folder.appendingPathComponent(component).appendingPathComponent($0).path })
                .first(where: { FileManager.default.fileExists(atPath: $0) }) else { continue }
            let part = try load(buffer: ByteBuffer.map(path: file), path: file)
            metadata["\(component).file"] = file
            for name in part.names {
                guard let tensor = part.stored[name] else { continue }
                tensors.append(try StoredTensor(
                    name: "\(component).\(name)", info: tensor.info, buffer: tensor.buffer,
                    storageByteOffset: tensor.storageByteOffset, storageElements: tensor.storageElements,
                    elementOffset: tensor.elementOffset, strides: tensor.strides))
            }
        }
        guard !tensors.isEmpty else { throw CheckpointError.unknownFormat(path: path) }
        return try CheckpointFile(path: path, format: .diffusersFolder, tensors: tensors, metadata: metadata)
    }
}
