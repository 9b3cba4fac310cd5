/// A YAML file gendeg cannot read: the file, the 1-based line, and why.
public struct YAMLError: Error, CustomStringConvertible, Equatable {
    public let path: String
    public let line: Int
    public let reason: String

    public var description: String { line > 0 ? "\(path):\(line): \(reason)" : "\(path): \(reason)" }
}
