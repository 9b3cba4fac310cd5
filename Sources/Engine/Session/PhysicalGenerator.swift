/// The physical models as a `DegradationGenerator`: one step, the slider found by
/// `IntensityCalibrator` so the result's measured mu meets the request.
public struct PhysicalGenerator: DegradationGenerator {
    public init() {}
    public var name: String { "physical" }
    public var isSlow: Bool { false }
    public var modelFile: String? { nil }

    public func generate(_ request: GenerationRequest, onStep: (GenerationStep) -> Bool) throws -> GeneratedImage {
        let calibrated = try IntensityCalibrator.reach(targetMu: request.targetMu, type: request.type,
                                                       image: request.clean, seed: request.seed)
        guard onStep(GenerationStep(index: 1, total: 1, preview: calibrated.result.image)) else {
            throw GenerationError.cancelled
        }
        return GeneratedImage(image: calibrated.result.image, intensity: Double(calibrated.intensity),
                              kernel: calibrated.result.kernel)
    }
}
