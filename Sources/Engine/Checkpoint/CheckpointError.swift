import Foundation

/// Everything that can go wrong while reading a checkpoint. Each case names the file part
/// or tensor at fault so that a user can tell a truncated download from a hostile file.
public enum CheckpointError: Error, CustomStringConvertible, Equatable {
    case cannotOpen(path: String, reason: String)
    case unknownFormat(path: String)
    case truncated(what: String, needed: Int, available: Int)
    case malformed(what: String, reason: String)
    case unsupportedDType(tensor: String, dtype: String)
    case tensorOutOfBounds(tensor: String, reason: String)
    case missingTensor(String)
    case missingArchiveEntry(String)
    case compressedEntry(name: String, method: Int)
    case forbiddenGlobal(module: String, name: String)
    case forbiddenCall(module: String, name: String)
    case unsupportedOpcode(UInt8, offset: Int)
    case pickle(reason: String, offset: Int)
    case nonFiniteWeights(tensor: String, path: String, count: Int)

    /// An error found inside `path`, for messages that would not otherwise name the file.
    indirect case inFile(path: String, error: CheckpointError)

    /// `truncated` for a read of `count` bytes at `offset`: the sum saturates instead of
    /// wrapping, so a hostile length never shows up as a negative byte count.
    static func truncated(what: String, offset: Int, count: Int, available: Int) -> CheckpointError {
        let (end, overflow) = max(offset, 0).addingReportingOverflow(max(count, 0))
        return .truncated(what: what, needed: overflow ? Int.max : end, available: available)
    }

    /// This error, naming `path` unless its message already does.
    public func naming(_ path: String) -> CheckpointError {
        if case .inFile = self { return self }
        return description.contains(path) ? self : .inFile(path: path, error: self)
    }

    public var description: String {
        switch self {
        case let .inFile(path, error):
            return "\(path): \(error.description)"
        case let .cannotOpen(path, reason):
            return "cannot open checkpoint \(path): \(reason)"
        case let .unknownFormat(path):
            return "\(path) is neither a safetensors file, a PyTorch zip checkpoint, nor a diffusers folder"
        case let .truncated(what, needed, available):
            if needed == Int.max { return "\(what) is truncated: a length runs past the end of its \(available) bytes" }
            return "\(what) is truncated: needs \(needed) bytes but only \(available) are present"
        case let .malformed(what, reason):
            return "malformed \(what): \(reason)"
        case let .unsupportedDType(tensor, dtype):
            return "tensor '\(tensor)' has unsupported dtype \(dtype)"
        case let .tensorOutOfBounds(tensor, reason):
            return "tensor '\(tensor)' points outside its data: \(reason)"
        case let .missingTensor(name):
            return "no tensor named '\(name)' in the checkpoint"
        case let .missingArchiveEntry(name):
            return "the checkpoint archive has no entry '\(name)'"
        case let .compressedEntry(name, method):
            return "archive entry '\(name)' is compressed (method \(method)); PyTorch checkpoints store entries uncompressed"
        case let .forbiddenGlobal(module, name):
            return "refusing to load: the pickle references \(module).\(name), which is not on the allow-list of safe tensor-loading globals (nothing was executed)"
        case let .forbiddenCall(module, name):
            return "refusing to load: the pickle calls \(module).\(name), which may only appear as a plain reference (nothing was executed)"
        case let .unsupportedOpcode(op, offset):
            return String(format: "unsupported pickle opcode 0x%02x at byte %d", op, offset)
        case let .pickle(reason, offset):
            return "invalid pickle at byte \(offset): \(reason)"
        case let .nonFiniteWeights(tensor, path, count):
            return "\(path): tensor '\(tensor)' holds \(count) NaN or infinite value\(count == 1 ? "" : "s"); "
                + "the weights are damaged (a diverged training run or a corrupt file)"
        }
    }
}
