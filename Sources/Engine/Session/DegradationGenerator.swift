/// The sampling settings a diffusion generator uses; a physical generator ignores them.
public struct GeneratorSettings: Equatable, Codable, Sendable {
    public var steps: Int
    public var sampler: String
    /// Classifier-free guidance on the text prompt.
    public var textGuidance: Double
    /// Classifier-free guidance on the input image (InstructPix2Pix's second scale).
    public var imageGuidance: Double
    /// GenDegPreset name (resolution and output geometry); nil reads as "fast".
    public var preset: String?

    public init(steps: Int = 20, sampler: String = "euler-a", textGuidance: Double = 7.5, imageGuidance: Double = 1.5,
                preset: String? = nil) {
        self.steps = steps
        self.sampler = sampler
        self.textGuidance = textGuidance
        self.imageGuidance = imageGuidance
        self.preset = preset
    }
}

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

/// Progress of one generation; diffusion generators attach a preview at each sampling step.
public struct GenerationStep: Sendable {
    public var index: Int
    public var total: Int
    public var preview: RGBImage?

    public init(index: Int, total: Int, preview: RGBImage? = nil) {
        self.index = index
        self.total = total
        self.preview = preview
    }
}

/// A generated degraded image and what is known about how it was made.
public struct GeneratedImage: Sendable {
    public var image: RGBImage
    /// The physical model's intensity parameter that reached the target, when there is one.
    public var intensity: Double?
    /// The blur kernel, for motion blur from a physical model.
    public var kernel: BlurKernel?
    /// The measured GenDeg statistics, when the generator already measured them.
    public var stats: DegradationStats?
    /// The prompt a text-conditioned generator was given.
    public var prompt: String?

    public init(image: RGBImage, intensity: Double? = nil, kernel: BlurKernel? = nil, stats: DegradationStats? = nil) {
        self.image = image
        self.intensity = intensity
        self.kernel = kernel
        self.stats = stats
    }
}

public enum GenerationError: Error, CustomStringConvertible, Equatable {
    case cancelled
    case failed(String)

    public var description: String {
        switch self {
        case .cancelled: return "cancelled"
        case .failed(let reason): return reason
        }
    }
}

/// Anything that turns a clean image into a degraded one: the physical models (one step)
/// or a diffusion model (many steps, with previews).
public protocol DegradationGenerator: Sendable {
    /// The name shown on the pane, e.g. "physical" or "GenDeg-small".
    var name: String { get }
    /// True when a generation takes seconds or more, so it runs only on request.
    var isSlow: Bool { get }
    /// The weights file or model folder, whose `ModelHash` goes into export sidecars and synthesis
    /// manifests; nil for weightless generators.
    var modelFile: String? { get }
    /// The sampling settings this generator works best with (a small model may want lower
    /// guidance than GenDeg's 7.5); the explorer starts from them.
    var recommendedSettings: GeneratorSettings { get }
    /// Generates the degraded image. `onStep` is called after every step; returning false
    /// cancels, and the generator then throws `GenerationError.cancelled`.
    func generate(_ request: GenerationRequest, onStep: (GenerationStep) -> Bool) throws -> GeneratedImage
}

extension DegradationGenerator {
    public var recommendedSettings: GeneratorSettings { GeneratorSettings() }
}
