import Foundation

public enum SynthesisError: Error, CustomStringConvertible {
    case sampleFailed(String, String)
    case badOutputFolder(String, String)
    case unreadableModel(String, String)
    /// The output folder holds samples of a run with other options (one line per difference).
    case differentRun(String, [String])
    /// Another process holds the shard's lock (its pid when it wrote one).
    case shardBusy(folder: String, shard: String, holder: Int32?, lock: String)
    /// A --captions file that cannot be read: its path and why.
    case badCaptions(String, String)

    public var description: String {
        switch self {
        case .sampleFailed(let id, let reason): return "sample \(id) failed: \(reason)"
        case .badOutputFolder(let path, let reason): return "\(path): \(reason)"
        case .unreadableModel(let path, let reason): return "cannot hash the model \(path): \(reason)"
        case .shardBusy(let folder, let shard, let holder, let lock):
            let who = holder.map { "process \($0)" } ?? "another process"
            return "\(folder): shard \(shard) is being written by \(who) (lock \(lock)); wait for it to finish, or choose another --out or --shard"
        case .badCaptions(let path, let reason): return "--captions \(path): \(reason)"
        case .differentRun(let folder, let differences):
            return "\(folder) holds samples of a run with other options; resuming would mix two runs:\n  "
                + differences.joined(separator: "\n  ")
                + "\nrun with the options in \(folder)/\(SynthesisRunIdentity.fileName), or choose another --out"
        }
    }
}
