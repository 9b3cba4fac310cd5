import Foundation

/// Falling snow: layers of flakes of several sizes (far: many fine specks; near: few large,
/// out-of-focus flakes), each a soft disc with a short motion blur along the fall direction,
/// composited as white over the image; heavy snowfall adds a bright veil that lowers
/// contrast. Intensity raises the number of flakes (each fades in at its own threshold)
/// and the veil.
public struct SnowDegradation: PhysicalDegradation {
    public var type: DegradationType { .snow }
    /// Veil opacity at intensity 1.
    public var maxVeil: Float

    /// The intensity above which the veil starts (it reaches `maxVeil` at 1).
    static let veilOnset: Float = 0.3

    public init(maxVeil: Float = 0.5) {
        self.maxVeil = maxVeil
    }

    struct FlakeLayer {
        var count: Int
        var radius: ClosedRange<Float>
        var opacity: ClosedRange<Float>
        /// Motion-blur length as a multiple of the radius.
        var streak: ClosedRange<Float>
        /// Fraction of the radius over which the edge fades (larger is more out of focus).
        var softness: Float
    }

    /// Far to near, at the 512x512 reference.
    static let layers = [
        FlakeLayer(count: 3200, radius: 0.5...1.1, opacity: 0.55...0.9, streak: 1...2.5, softness: 0.5),
        FlakeLayer(count: 900, radius: 1.3...2.6, opacity: 0.6...0.95, streak: 0.8...2, softness: 0.55),
        FlakeLayer(count: 110, radius: 3.5...7.5, opacity: 0.45...0.8, streak: 0.4...1.2, softness: 0.85),
    ]

    public func apply(to image: RGBImage, intensity: Float, seed: UInt64) -> DegradationResult {
        let strength = intensity.clampedIntensity
        guard strength > 0 else { return DegradationResult(image: image) }
        let (w, h) = (image.width, image.height)
        let geometry = DegradeGeometry(width: w, height: h)
        var random = SeededRandom(seed, 0x5E0)
        let fall = random.uniform(-0.5...0.5)
        let veilLevel = random.uniform(0.82...0.92)
        let flakeColor = SIMD3<Float>(0.94, 0.96, 0.99)

        var cover = SplatLayer(width: w, height: h)
        for (index, spec) in Self.layers.enumerated() {
            var flakes = SeededRandom(seed, 0x5E0, UInt64(index))
            for _ in 0..<spec.count {
                let threshold = flakes.uniform() * 0.92
                let x = flakes.uniform() * Float(w), y = flakes.uniform() * Float(h)
                let radius = geometry.pixels(flakes.uniform(spec.radius))
                let opacity = flakes.uniform(spec.opacity)
                let length = radius * flakes.uniform(spec.streak)
                let angle = fall + flakes.uniform(-0.25...0.25)
                let visibility = min(max((strength - threshold) / 0.08, 0), 1)
                guard visibility > 0 else { continue }
                let dx = sinf(angle) * length / 2, dy = cosf(angle) * length / 2
                cover.coverCapsule(ax: x - dx, ay: y - dy, bx: x + dx, by: y + dy, radius: radius,
                                   softness: spec.softness, opacity: opacity * visibility)
            }
        }

        let veil = maxVeil * strength.smoothStep(Self.veilOnset, 1.0)
        let planeSize = w * h
        var output = image.pixels
        output.withUnsafeMutableBufferPointer { out in
            cover.values.withUnsafeBufferPointer { alpha in
                for c in 0..<3 {
                    let color = flakeColor[c]
                    for i in 0..<planeSize {
                        let j = c * planeSize + i
                        let hazy = out[j] * (1 - veil) + veilLevel * veil
                        out[j] = hazy * (1 - alpha[i]) + color * alpha[i]
                    }
                }
            }
        }
        return DegradationResult(image: RGBImage(width: w, height: h, pixels: output))
    }
}
