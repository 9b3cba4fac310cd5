/// What can go wrong choosing or running a learned restorer beyond loading its weights (those
/// errors are `ModelLoadError`s); every case says what to fix.
public enum LearnedRestorerError: Error, CustomStringConvertible, Equatable {
    case architectureMismatch(declared: String, detected: String, checkpoint: String)
    case registry(file: String, line: Int?, reason: String)
    case imageTooSmall(width: Int, height: Int, minimum: Int)

    public var description: String {
        switch self {
        case let .architectureMismatch(declared, detected, checkpoint):
            return "\(checkpoint): the registry says \(declared), but the checkpoint is \(detected)"
        case let .registry(file, line, reason):
            return line.map { "\(file):\($0): \(reason)" } ?? "\(file): \(reason)"
        case let .imageTooSmall(width, height, minimum):
            return "image \(width)x\(height) is too small for this model (needs at least \(minimum) pixels per side)"
        }
    }
}
