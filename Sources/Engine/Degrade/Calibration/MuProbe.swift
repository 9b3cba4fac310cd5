/// Applies one model to one image at chosen intensities and measures GenDeg mu, with the
/// clean image's measurement copy (256x256, 8-bit) prepared once.
struct MuProbe {
    let model: PhysicalDegradation
    let image: RGBImage
    let seed: UInt64
    private let cleanMeasured: RGBImage
    /// Told every (intensity, mu) measured, for a MuCurveMemo.
    private let record: ((Float, Double) -> Void)?

    init(model: PhysicalDegradation, image: RGBImage, seed: UInt64, record: ((Float, Double) -> Void)? = nil) {
        self.model = model
        self.image = image
        self.seed = seed
        self.record = record
        let side = DegradationStats.measureSize
        cleanMeasured = image.resized(width: side, height: side).quantized8()
    }

    /// The same numbers as `DegradationStats.measure(clean: image, degraded: result.image)`.
    func evaluate(_ intensity: Float) -> CalibratedDegradation {
        let result = model.apply(to: image, intensity: intensity, seed: seed)
        let side = DegradationStats.measureSize
        let degraded = result.image.resized(width: side, height: side).quantized8()
        let stats = DegradationStats.measureDirect(clean: cleanMeasured, degraded: degraded)
        record?(intensity, stats.mu)
        return CalibratedDegradation(result: result, intensity: intensity, stats: stats)
    }
}
