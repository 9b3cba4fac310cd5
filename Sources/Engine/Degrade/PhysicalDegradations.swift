/// The physical model of each degradation type.
public enum PhysicalDegradations {
    public static func model(for type: DegradationType) -> PhysicalDegradation {
        switch type {
        case .haze: return HazeDegradation()
        case .rain: return RainDegradation()
        case .snow: return SnowDegradation()
        case .motionBlur: return MotionBlurDegradation()
        case .lowLight: return LowLightDegradation()
        case .raindrop: return RaindropDegradation()
        }
    }

    /// Degrades `image` with the model for `type` at slider value `intensity` in [0, 1].
    public static func apply(_ type: DegradationType, to image: RGBImage, intensity: Float, seed: UInt64) -> DegradationResult {
        model(for: type).apply(to: image, intensity: intensity, seed: seed)
    }
}
