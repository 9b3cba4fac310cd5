import Foundation

/// Output paths checked against the inputs of the same command before anything is read or
/// written: an output that is also an input would be overwritten by the result (or, for
/// `degrade --kernel o.png o.png`, by a second output), silently.
public enum OutputPaths {
    /// Throws when two outputs are the same file, or an output is one of the inputs. Each pair
    /// is (the flag or argument the user wrote, the path); nil paths are skipped.
    public static func requireDistinct(outputs: [(String, String?)], inputs: [(String, String?)]) throws {
        let outs = outputs.compactMap { name, path in path.map { (name, $0, canonical($0)) } }
        let ins = inputs.compactMap { name, path in path.map { (name, $0, canonical($0)) } }
        for (index, output) in outs.enumerated() {
            for other in outs[..<index] where other.2 == output.2 {
                throw ParameterError(output.0, "\(output.1) is also the path of \(other.0): two outputs cannot share a file")
            }
            for input in ins where input.2 == output.2 {
                throw ParameterError(output.0, "\(output.1) is also the input \(input.0): choose another output path")
            }
        }
    }

    /// The absolute path with symbolic links resolved in its folder, and the file itself
    /// resolved when it exists (so a link to the input counts as the input).
    static func canonical(_ path: String) -> String {
        let absolute = URL(fileURLWithPath: (path as NSString).expandingTildeInPath).standardizedFileURL
        if let resolved = realpath(absolute.path, nil) {
            defer { free(resolved) }
            return String(cString: resolved)
        }
        let folder = absolute.deletingLastPathComponent().path
        guard let resolved = realpath(folder, nil) else { return absolute.path }
        defer { free(resolved) }
        return (String(cString: resolved) as NSString).appendingPathComponent(absolute.lastPathComponent)
    }
}
