import Foundation

public enum SynthesisError: Error, CustomStringConvertible {
    case sampleFailed(String, String)
    case badOutputFolder(String, String)
    case unreadableModel(String, String)
    /// The output folder holds samples of a run with other options (one line per difference).
    case differentRun(String, [String])
    /// A --captions file that cannot be read: its path and why.
    case badCaptions(String, String)

    public var description: String {
        switch self {
        case .sampleFailed(let id, let reason): return "sample \(id) failed: \(reason)"
        case .badOutputFolder(let path, let reason): return "\(path): \(reason)"
        case .unreadableModel(let path, let reason): return "cannot hash the model \(path): \(reason)"
        case .badCaptions(let path, let reason): return "--captions \(path): \(reason)"
        case .differentRun(let folder, let differences):
            return "\(folder) holds samples of a run with other options; resuming would mix two runs:\n  "
                + differences.joined(separator: "\n  ")
                + "\nrun with the options in \(folder)/\(SynthesisRunIdentity.fileName), or choose another --out"
        }
    }
}
