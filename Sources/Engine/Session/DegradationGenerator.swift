/// Anything that turns a clean image into a degraded one: the physical models (one step)
/// or a diffusion model (many steps, with previews).
public protocol DegradationGenerator: Sendable {
    /// The name shown on the pane, e.g. "physical" or "GenDeg-small".
    var name: String { get }
    /// The weights file or model folder, whose `ModelHash` goes into export sidecars and synthesis
    /// manifests; nil for weightless generators.
    var modelFile: String? { get }
    /// The sampling settings this generator works best with (a small model may want lower
    /// guidance than GenDeg's 7.5); the explorer starts from them.
    var recommendedSettings: GeneratorSettings { get }
    /// True when a generative model makes the images: export sidecars and synthesis manifests
    /// then say `"synthetic": true`, so nobody mistakes them for real degraded photos.
    var isSynthetic: Bool { get }
    /// Generates the degraded image. `onStep` is called after every step; returning false
    /// cancels, and the generator then throws `GenerationError.cancelled`.
    func generate(_ request: GenerationRequest, onStep: (GenerationStep) -> Bool) throws -> GeneratedImage
}

extension DegradationGenerator {
    public var recommendedSettings: GeneratorSettings { GeneratorSettings() }
    public var isSynthetic: Bool { false }
}
