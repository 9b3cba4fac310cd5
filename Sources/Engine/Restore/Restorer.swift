/// What a restorer may know beyond the degraded image.
public struct RestoreContext: Sendable {
    /// The degradation the image is believed to have, if known.
    public var degradation: DegradationType?
    /// The true blur kernel, when the blur came from gendeg's own synthesis.
    public var knownKernel: BlurKernel?
    /// Called with progress in [0, 1]; returning false asks the restorer to stop early
    /// (it then throws `RestoreError.cancelled`).
    public var progress: (@Sendable (Double) -> Bool)?
    /// Learned restorers call this instead of `progress` when it is set: after each tile, with
    /// the tiles done and the tiles in all (1 of 1 when the image fits the memory bound).
    /// Returning false stops the restorer the same way.
    public var tileProgress: (@Sendable (_ done: Int, _ total: Int) -> Bool)?

    public init(degradation: DegradationType? = nil, knownKernel: BlurKernel? = nil,
                progress: (@Sendable (Double) -> Bool)? = nil,
                tileProgress: (@Sendable (_ done: Int, _ total: Int) -> Bool)? = nil) {
        self.degradation = degradation
        self.knownKernel = knownKernel
        self.progress = progress
        self.tileProgress = tileProgress
    }
}

public enum RestoreError: Error, CustomStringConvertible, Equatable {
    case cancelled
    case unknownRestorer(String, available: [String])
    case failed(String)

    public var description: String {
        switch self {
        case .cancelled: return "cancelled"
        case .unknownRestorer(let name, let available):
            return "no restorer named '\(name)'; available: \(available.joined(separator: ", "))"
        case .failed(let reason): return reason
        }
    }
}

/// An image restorer: classical (no weights) or learned.
public protocol Restorer: Sendable {
    /// A short unique name used on the command line, e.g. "dcp".
    var name: String { get }
    /// One line on what it does.
    var summary: String { get }
    /// The degradations it is meant for.
    var targets: Set<DegradationType> { get }
    func restore(_ image: RGBImage, context: RestoreContext) throws -> RGBImage
}
