/// A degradation brought to a target intensity: the result, the slider value that produced
/// it, and its statistics measured on the full-size result.
public struct CalibratedDegradation: Sendable {
    public let result: DegradationResult
    public let intensity: Float
    public let stats: DegradationStats

    public init(result: DegradationResult, intensity: Float, stats: DegradationStats) {
        self.result = result
        self.intensity = intensity
        self.stats = stats
    }
}
