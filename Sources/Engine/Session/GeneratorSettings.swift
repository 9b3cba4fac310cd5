/// The sampling settings a diffusion generator uses; a physical generator ignores them.
public struct GeneratorSettings: Equatable, Codable, Sendable {
    public var steps: Int
    public var sampler: SamplerKind
    /// Classifier-free guidance on the text prompt.
    public var textGuidance: Double
    /// Classifier-free guidance on the input image (InstructPix2Pix's second scale).
    public var imageGuidance: Double
    /// GenDegPreset name (resolution and output geometry); nil reads as "fast".
    public var preset: String?

    public init(steps: Int = GenDegDefaults.steps, sampler: SamplerKind = GenDegDefaults.sampler,
                textGuidance: Double = GenDegDefaults.textGuidance, imageGuidance: Double = GenDegDefaults.imageGuidance,
                preset: String? = nil) {
        self.steps = steps
        self.sampler = sampler
        self.textGuidance = textGuidance
        self.imageGuidance = imageGuidance
        self.preset = preset
    }
}
