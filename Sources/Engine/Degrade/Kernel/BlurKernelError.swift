/// A blur kernel that cannot be used, with the file it came from (nil for a kernel built in memory).
public struct BlurKernelError: Error, CustomStringConvertible, Equatable {
    public let file: String?
    public let reason: String

    public init(file: String?, reason: String) {
        self.file = file
        self.reason = reason
    }

    public var description: String { "\(file ?? "blur kernel"): \(reason)" }
}
