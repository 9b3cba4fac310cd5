/// What one session output currently holds.
public struct PaneState: Sendable {
    public enum Phase: Equatable, Sendable {
        case empty
        case running(step: Int, total: Int)
        case ready
        /// Its inputs changed since it was made (slow outputs are only redone on request).
        case stale
        case unavailable(String)
        case failed(String)
        case cancelled
    }

    public var phase: Phase = .empty
    public var image: RGBImage?
    /// Bumped whenever `image` changes, so renderers can cache by it.
    public var version: Int = 0
    public var generated: GeneratedImage?
    public var stats: DegradationStats?
    public var metrics: PaneMetrics?
    /// For restored outputs: which degraded image they restored.
    public var restoredFrom: DegradedSource?

    public init(phase: Phase = .empty) { self.phase = phase }
}
