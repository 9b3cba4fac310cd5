/// Sizes of the physical models are given for a 512x512 reference image and scaled by
/// `scale`, and particle counts are per image, so a degradation looks the same at any
/// resolution (and a downscaled copy measures nearly the same mu as the full image).
struct DegradeGeometry {
    static let referenceSide: Float = 512

    let width: Int
    let height: Int
    /// Pixels of this image per pixel of the 512x512 reference (by area).
    let scale: Float

    init(width: Int, height: Int) {
        self.width = width
        self.height = height
        scale = (Float(width) * Float(height)).squareRoot() / Self.referenceSide
    }

    /// A length given in reference pixels, in pixels of this image.
    @inline(__always) func pixels(_ referencePixels: Float) -> Float { referencePixels * scale }
}

extension Float {
    /// The slider value clamped to [0, 1]; NaN counts as 0.
    var clampedIntensity: Float { isFinite ? Swift.min(Swift.max(self, 0), 1) : (self > 0 ? 1 : 0) }

    /// 0 below `lower`, 1 above `upper`, a smooth (C1) ramp between.
    @inline(__always) func smoothStep(_ lower: Float, _ upper: Float) -> Float {
        let t = Swift.min(Swift.max((self - lower) / (upper - lower), 0), 1)
        return t * t * (3 - 2 * t)
    }
}
