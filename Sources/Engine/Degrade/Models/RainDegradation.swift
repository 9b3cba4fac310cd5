import Foundation

/// Falling rain: layers of streaks (random drops smeared by motion blur along the wind
/// direction: each drawn as a short line with tapered ends), farther layers finer, dimmer
/// and denser, softened and screen-blended over the image. Heavy rain also scatters light:
/// past mid intensity a veil of rain mist (rain accumulation) grays the scene.
/// Intensity raises the number of streaks (each streak fades in at its own threshold),
/// their length, and the veil.
public struct RainDegradation: PhysicalDegradation {
    public var type: DegradationType { .rain }
    /// Veil opacity at intensity 1.
    public var maxVeil: Float

    public init(maxVeil: Float = 0.6) {
        self.maxVeil = maxVeil
    }

    struct StreakLayer {
        var count: Int
        var length: ClosedRange<Float>
        var brightness: ClosedRange<Float>
        var blur: Float
    }

    /// Far to near, at the 512x512 reference.
    static let layers = [
        StreakLayer(count: 3000, length: 8...16, brightness: 0.45...0.75, blur: 0.45),
        StreakLayer(count: 1300, length: 16...30, brightness: 0.6...1.0, blur: 0.7),
        StreakLayer(count: 300, length: 30...60, brightness: 0.7...1.1, blur: 1.3),
    ]

    public func apply(to image: RGBImage, intensity: Float, seed: UInt64) -> DegradationResult {
        let strength = intensity.clampedIntensity
        guard strength > 0 else { return DegradationResult(image: image) }
        let (w, h) = (image.width, image.height)
        let geometry = DegradeGeometry(width: w, height: h)
        var random = SeededRandom(seed, 0x2A19)
        let wind = random.uniform(-0.35...0.35)
        let tint = SIMD3<Float>(0.92, 0.95, 1.0)
        let veilLevel = random.uniform(0.72...0.84)
        let lengthFactor = 0.55 + 0.45 * strength

        var rain = [Float](repeating: 0, count: w * h)
        for (index, spec) in Self.layers.enumerated() {
            var layer = SplatLayer(width: w, height: h)
            var streaks = SeededRandom(seed, 0x2A19, UInt64(index))
            let angle = wind + streaks.uniform(-0.05...0.05)
            // Samples about every 2/3 pixel along the longest streak; fixed per layer so the
            // drawing changes continuously with intensity.
            let samples = max(4, Int((geometry.pixels(spec.length.upperBound) * 1.5).rounded(.up)))
            for _ in 0..<spec.count {
                let threshold = streaks.uniform() * 0.92
                let x = streaks.uniform() * Float(w), y = streaks.uniform() * Float(h)
                let length = geometry.pixels(streaks.uniform(spec.length)) * lengthFactor
                let brightness = streaks.uniform(spec.brightness)
                let tilt = angle + streaks.uniform(-0.03...0.03)
                let visibility = min(max((strength - threshold) / 0.08, 0), 1)
                guard visibility > 0 else { continue }
                drawStreak(into: &layer, x: x, y: y, length: length, angle: tilt,
                           brightness: brightness * visibility, width: geometry.pixels(1), samples: samples)
            }
            BoxBlur.gaussian(&layer.values, width: w, height: h, sigma: geometry.pixels(spec.blur))
            rain.withUnsafeMutableBufferPointer { total in
                layer.values.withUnsafeBufferPointer { values in
                    for i in total.indices { total[i] += values[i] }
                }
            }
        }

        let veil = maxVeil * strength.smoothStep(0.2, 1.0)
        let planeSize = w * h
        var output = image.pixels
        output.withUnsafeMutableBufferPointer { out in
            rain.withUnsafeBufferPointer { streaks in
                for c in 0..<3 {
                    let color = tint[c]
                    for y in 0..<h {
                        // The mist thickens toward the top of the frame (farther away).
                        let localVeil = veil * (1 - 0.35 * (Float(y) + 0.5) / Float(h))
                        for x in 0..<w {
                            let i = y * w + x, j = c * planeSize + i
                            let hazy = out[j] * (1 - localVeil) + veilLevel * localVeil
                            let r = min(streaks[i], 1) * color
                            out[j] = 1 - (1 - hazy) * (1 - r)
                        }
                    }
                }
            }
        }
        return DegradationResult(image: RGBImage(width: w, height: h, pixels: output))
    }

    /// A streak centered at (x, y), `length` pixels along `angle` from vertical, brighter in
    /// the middle than at the ends. Its samples keep the per-pixel brightness independent of
    /// length, and its weight per unit length is proportional to `width` (pixels): wide
    /// streaks at high resolution are spread by the later blur, sub-pixel ones at low
    /// resolution are drawn fainter, so the light a streak adds is the same at any size.
    private func drawStreak(into layer: inout SplatLayer, x: Float, y: Float, length: Float, angle: Float,
                            brightness: Float, width: Float, samples n: Int) {
        let dx = sinf(angle) * length, dy = cosf(angle) * length
        let weight = brightness * width * length / Float(n)
        for k in 0..<n {
            let s = (Float(k) + 0.5) / Float(n)
            let taper = 0.35 + 0.65 * sinf(Float.pi * s)
            layer.splat(x: x + (s - 0.5) * dx, y: y + (s - 0.5) * dy, weight: weight * taper)
        }
    }
}
