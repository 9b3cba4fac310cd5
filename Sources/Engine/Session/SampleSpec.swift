/// Which degraded image the restorers work on.
public enum DegradedSource: String, Codable, CaseIterable, Sendable {
    case physical
    case diffusion
}

/// Everything that determines one explorer sample, short of the pixels.
public struct SampleSpec: Equatable, Codable, Sendable {
    public var imagePath: String
    public var type: DegradationType
    public var targetMu: Double
    public var seed: UInt64
    public var settings: GeneratorSettings
    public var restorers: [String]
    public var restoreSource: DegradedSource

    public init(imagePath: String, type: DegradationType, targetMu: Double, seed: UInt64,
                settings: GeneratorSettings, restorers: [String], restoreSource: DegradedSource) {
        self.imagePath = imagePath
        self.type = type
        self.targetMu = targetMu
        self.seed = seed
        self.settings = settings
        self.restorers = restorers
        self.restoreSource = restoreSource
    }
}

/// The panes the explorer shows, in screen order.
public enum PaneKind: Hashable, Sendable {
    case clean
    case physical
    case diffusion
    case restored(String)

    public var isDegraded: Bool { self == .physical || self == .diffusion }
}

/// Full-reference quality of a pane's image against the clean image.
public struct PaneMetrics: Equatable, Codable, Sendable {
    public var psnr: Double
    public var ssim: Double

    public init(psnr: Double, ssim: Double) {
        self.psnr = psnr
        self.ssim = ssim
    }

    public static func measure(clean: RGBImage, image: RGBImage) -> PaneMetrics {
        PaneMetrics(psnr: ImageMetrics.psnr(clean, image), ssim: SSIM.ssim(clean, image))
    }
}

/// What a pane currently holds.
public struct PaneState: Sendable {
    public enum Phase: Equatable, Sendable {
        case empty
        case running(step: Int, total: Int)
        case ready
        /// Its inputs changed since it was made (slow panes are only redone on request).
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
    /// For restored panes: which degraded image they restored.
    public var restoredFrom: DegradedSource?

    public init(phase: Phase = .empty) { self.phase = phase }
}
