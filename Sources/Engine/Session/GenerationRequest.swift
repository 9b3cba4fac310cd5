/// What to synthesize: a degradation of `clean` at a target GenDeg intensity.
public struct GenerationRequest: Sendable {
    public var clean: RGBImage
    public var type: DegradationType
    public var targetMu: Double
    /// The sigma that goes with targetMu; diffusion conditions on both.
    public var targetSigma: Double
    public var seed: UInt64
    public var settings: GeneratorSettings
    /// Caption before the degradation phrase (nil: the model's default); diffusion only.
    public var caption: String?
    /// The reference's mixed prompts for ORD / CSD draws ("rainy and hazy", "snowy and hazy").
    public var mixedWithHaze = false

    public init(clean: RGBImage, type: DegradationType, targetMu: Double, targetSigma: Double,
                seed: UInt64, settings: GeneratorSettings = GeneratorSettings()) {
        self.clean = clean
        self.type = type
        self.targetMu = targetMu
        self.targetSigma = targetSigma
        self.seed = seed
        self.settings = settings
    }
}
