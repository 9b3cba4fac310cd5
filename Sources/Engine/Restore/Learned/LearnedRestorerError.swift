/// What can go wrong loading or running a learned restorer; every case says what to fix.
public enum LearnedRestorerError: Error, CustomStringConvertible, Equatable {
    case unreadableCheckpoint(path: String, reason: String)
    case unknownArchitecture(checkpoint: String, sample: [String])
    case missingTensor(String, checkpoint: String)
    case shapeMismatch(String, expected: [Int], found: [Int], checkpoint: String)
    case unexpectedTensors([String], architecture: String, checkpoint: String)
    case unsupportedConfig(String)
    case architectureMismatch(declared: String, detected: String, checkpoint: String)
    case registry(file: String, line: Int?, reason: String)
    case imageTooSmall(width: Int, height: Int, minimum: Int)

    public var description: String {
        switch self {
        case let .unreadableCheckpoint(path, reason):
            return reason.hasPrefix(path + ": ") ? "cannot read checkpoint \(reason)" : "cannot read checkpoint \(path): \(reason)"
        case let .unknownArchitecture(checkpoint, sample):
            return "\(checkpoint): not a NAFNet, Restormer, PromptIR or Zero-DCE checkpoint (tensor names start: \(sample.joined(separator: ", ")))"
        case let .missingTensor(name, checkpoint):
            return "\(checkpoint): incomplete checkpoint, tensor '\(name)' is missing"
        case let .shapeMismatch(name, expected, found, checkpoint):
            return "\(checkpoint): tensor '\(name)' has shape \(found), the detected architecture needs \(expected)"
        case let .unexpectedTensors(names, architecture, checkpoint):
            let shown = names.prefix(5).joined(separator: ", ") + (names.count > 5 ? ", ... (\(names.count) in all)" : "")
            return "\(checkpoint): tensors that \(architecture) does not have: \(shown)"
        case let .unsupportedConfig(reason):
            return reason
        case let .architectureMismatch(declared, detected, checkpoint):
            return "\(checkpoint): the registry says \(declared), but the checkpoint is \(detected)"
        case let .registry(file, line, reason):
            return line.map { "\(file):\($0): \(reason)" } ?? "\(file): \(reason)"
        case let .imageTooSmall(width, height, minimum):
            return "image \(width)x\(height) is too small for this model (needs at least \(minimum) pixels per side)"
        }
    }
}
