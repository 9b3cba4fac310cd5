/// The physical (procedural) degradation models as an explorer generator: one step, which
/// searches the model's intensity for the target GenDeg mu with `IntensityCalibrator`.
public struct PhysicalGenerator: DegradationGenerator {
    public let name = "physical"
    public let modelFile: String? = nil
    /// How close the measured mu must come to the target.
    public var tolerance: Double

    /// The intensity-to-mu points measured so far, so stepping the slider along one curve
    /// costs one or two evaluations instead of a search. Worth it where targets repeat on one
    /// (image, type, seed), as in the explorer; a dataset run never repeats one, so it has none.
    public let memo: MuCurveMemo?

    public init(tolerance: Double = 0.005, memo: MuCurveMemo? = nil) {
        self.tolerance = tolerance
        self.memo = memo
    }

    public func generate(_ request: GenerationRequest, onStep: (GenerationStep) -> Bool) throws -> GeneratedImage {
        let calibrated: CalibratedDegradation
        do {
            calibrated = try IntensityCalibrator.reach(targetMu: request.targetMu, type: request.type, image: request.clean,
                                                       seed: request.seed, tolerance: tolerance, memo: memo)
        } catch IntensityError.outOfReach(_, let reachable) where request.targetMu > reachable.upperBound {
            // Beyond what the model can do on this image: show its strongest result; the pane's
            // measured mu tells the user where the ceiling is.
            let strongest = PhysicalDegradations.apply(request.type, to: request.clean, intensity: 1, seed: request.seed)
            guard onStep(GenerationStep(index: 1, total: 1)) else { throw GenerationError.cancelled }
            return GeneratedImage(image: strongest.image, intensity: 1, kernel: strongest.kernel)
        } catch let error as IntensityError {
            throw GenerationError.failed("\(error)")
        }
        guard onStep(GenerationStep(index: 1, total: 1)) else { throw GenerationError.cancelled }
        return GeneratedImage(image: calibrated.result.image, intensity: Double(calibrated.intensity),
                              kernel: calibrated.result.kernel, stats: calibrated.stats)
    }
}
