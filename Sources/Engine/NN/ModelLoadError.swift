/// Why a model could not take its parameters from a weight source: the one error type of weight
/// loading, for the diffusion models (lenient loading, no file named) and the restorers (strict
/// loading: the checkpoint is named and every tensor must be used).
public enum ModelLoadError: Error, Equatable, CustomStringConvertible {
    case missingTensor(String, checkpoint: String? = nil)
    case shapeMismatch(String, expected: [Int], actual: [Int], checkpoint: String? = nil)
    case invalidConfig(String)
    /// Tensors a strict load left over: the checkpoint is not exactly this architecture.
    case unexpectedTensors([String], architecture: String, checkpoint: String)
    case unreadableCheckpoint(path: String, reason: String)
    /// No registered restorer architecture recognises the tensors.
    case unknownArchitecture(checkpoint: String, sample: [String])
    /// A recognised architecture in a configuration gendeg cannot run; the reason names the file.
    case unsupportedConfig(String)

    public var description: String {
        switch self {
        case let .missingTensor(name, nil): return "missing tensor '\(name)'"
        case let .missingTensor(name, checkpoint?): return "\(checkpoint): incomplete checkpoint, tensor '\(name)' is missing"
        case let .shapeMismatch(name, expected, actual, nil):
            return "tensor '\(name)' has shape \(actual), expected \(expected)"
        case let .shapeMismatch(name, expected, actual, checkpoint?):
            return "\(checkpoint): tensor '\(name)' has shape \(actual), the detected architecture needs \(expected)"
        case .invalidConfig(let why): return "invalid model configuration: \(why)"
        case let .unexpectedTensors(names, architecture, checkpoint):
            let shown = names.prefix(5).joined(separator: ", ") + (names.count > 5 ? ", ... (\(names.count) in all)" : "")
            return "\(checkpoint): tensors that \(architecture) does not have: \(shown)"
        case let .unreadableCheckpoint(path, reason):
            return reason.hasPrefix(path + ": ") ? "cannot read checkpoint \(reason)" : "cannot read checkpoint \(path): \(reason)"
        case let .unknownArchitecture(checkpoint, sample):
            let known = RestorerArchitectures.all.map { $0.displayName }
            let list = known.dropLast().joined(separator: ", ") + (known.count > 1 ? " or " : "") + (known.last ?? "")
            return "\(checkpoint): not a \(list) checkpoint (tensor names start: \(sample.joined(separator: ", ")))"
        case let .unsupportedConfig(reason):
            return reason
        }
    }
}
