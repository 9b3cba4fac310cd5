/// One degraded image of a sample, with how it was made and how strong it came out.
public struct ExportedDegraded: Sendable {
    public var generator: String
    public var image: RGBImage
    public var stats: DegradationStats
    /// The physical model's intensity parameter, when the generator has one.
    public var intensity: Double?
    /// The generator's weights file, hashed into the sidecar.
    public var modelFile: String?
    public var metrics: PaneMetrics?
    /// Made by a generative model (see `DegradationGenerator.isSynthetic`).
    public var synthetic: Bool

    public init(generator: String, synthetic: Bool, image: RGBImage, stats: DegradationStats, intensity: Double? = nil,
                modelFile: String? = nil, metrics: PaneMetrics? = nil) {
        self.generator = generator
        self.synthetic = synthetic
        self.image = image
        self.stats = stats
        self.intensity = intensity
        self.modelFile = modelFile
        self.metrics = metrics
    }
}

/// One restorer's output for a sample.
public struct ExportedRestored: Sendable {
    public var restorer: String
    public var source: DegradedSource
    public var image: RGBImage
    public var metrics: PaneMetrics

    public init(restorer: String, source: DegradedSource, image: RGBImage, metrics: PaneMetrics) {
        self.restorer = restorer
        self.source = source
        self.image = image
        self.metrics = metrics
    }
}

/// Everything an export writes for one sample.
public struct ExportableSample: Sendable {
    public var spec: SampleSpec
    /// The slider's position in [0, 1] of its range for this type.
    public var sliderPosition: Double
    public var targetSigma: Double
    public var originalSize: ImageSize
    /// The clean image as the explorer worked on it (the source, Lanczos-resized to fit).
    public var clean: RGBImage
    public var degraded: [ExportedDegraded]
    public var restored: [ExportedRestored]

    public init(spec: SampleSpec, sliderPosition: Double, targetSigma: Double, originalSize: ImageSize,
                clean: RGBImage, degraded: [ExportedDegraded], restored: [ExportedRestored]) {
        self.spec = spec
        self.sliderPosition = sliderPosition
        self.targetSigma = targetSigma
        self.originalSize = originalSize
        self.clean = clean
        self.degraded = degraded
        self.restored = restored
    }
}
