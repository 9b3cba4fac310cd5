import Foundation

/// Falling rain, the classical way (Photoshop's rain recipe, imgaug's rain layers): for each
/// of several layers, a sparse noise layer (random points of random brightness) is convolved
/// with a motion-blur line kernel at the rain's angle, softened across the streaks, and the
/// layers are screen-blended over the image, which only ever brightens it. Far layers hold
/// many short, dim, fine streaks; near layers few long, bright, soft ones. Intensity raises
/// the noise density (each noise point fades in at its own threshold) and the kernel's
/// length; heavy rain also scatters light, so past low intensities a veil of rain mist
/// (rain accumulation) grays the scene.
public struct RainDegradation: PhysicalDegradation {
    public var type: DegradationType { .rain }
    /// Veil opacity at intensity 1.
    public var maxVeil: Float

    public init(maxVeil: Float = 0.6) {
        self.maxVeil = maxVeil
    }

    struct StreakLayer {
        /// Noise points per image at intensity 1.
        var count: Int
        /// Line-kernel length in reference pixels at intensity 1.
        var length: Float
        /// Noise point brightness (the streak's brightness, as the kernel is normalized and
        /// the point's weight is scaled by the length).
        var brightness: ClosedRange<Float>
        /// Gaussian softening across the streaks, in reference pixels.
        var blur: Float
    }

    /// Far to near, at the 512x512 reference.
    static let layers = [
        StreakLayer(count: 3000, length: 12, brightness: 0.35...0.6, blur: 0.45),
        StreakLayer(count: 1300, length: 23, brightness: 0.45...0.8, blur: 0.7),
        StreakLayer(count: 300, length: 45, brightness: 0.55...0.85, blur: 1.3),
    ]

    /// The rain's angle from vertical (radians, leaning right going down) for `seed`, and each
    /// layer's angle (the wind's, give or take a little).
    func angles(seed: UInt64) -> (wind: Float, layers: [Float]) {
        var random = SeededRandom(seed, 0x2A19)
        let wind = random.uniform(-0.35...0.35)
        let layers = Self.layers.indices.map { index in
            var jitter = SeededRandom(seed, 0x2A19, UInt64(index), 0xA9)
            return wind + jitter.uniform(-0.03...0.03)
        }
        return (wind, layers)
    }

    /// The line kernel's length in pixels of this image, for one layer: it grows with intensity.
    func streakLength(_ layer: StreakLayer, strength: Float, geometry: DegradeGeometry) -> Float {
        geometry.pixels(layer.length) * (0.55 + 0.45 * strength)
    }

    public func apply(to image: RGBImage, intensity: Float, seed: UInt64) -> DegradationResult {
        let strength = intensity.clampedIntensity
        guard strength > 0 else { return DegradationResult(image: image) }
        let (w, h) = (image.width, image.height)
        let geometry = DegradeGeometry(width: w, height: h)
        var random = SeededRandom(seed, 0x2A19)
        _ = random.uniform() // the wind, see `angles`
        let veilLevel = random.uniform(0.72...0.84)
        let angles = self.angles(seed: seed).layers

        var rain = [Float](repeating: 0, count: w * h)
        for (index, spec) in Self.layers.enumerated() {
            var layer = streakLayer(spec, angle: angles[index], strength: strength, geometry: geometry,
                                    seed: SeededRandom(seed, 0x2A19, UInt64(index)))
            BoxBlur.gaussian(&layer, width: w, height: h, sigma: geometry.pixels(spec.blur))
            rain.withUnsafeMutableBufferPointer { total in
                layer.withUnsafeBufferPointer { values in
                    for i in total.indices { total[i] += values[i] }
                }
            }
        }
        let veil = maxVeil * strength.smoothStep(0.2, 1.0)
        return DegradationResult(image: screenBlend(rain, over: image, veil: veil, veilLevel: veilLevel))
    }

    /// One layer's streaks in image space: noise on a canvas sheared along the rain,
    /// convolved with the line kernel, sheared back.
    func streakLayer(_ spec: StreakLayer, angle: Float, strength: Float, geometry: DegradeGeometry,
                     seed random: SeededRandom) -> [Float] {
        var random = random
        let (w, h) = (geometry.width, geometry.height)
        let longest = streakLength(spec, strength: 1, geometry: geometry)
        let length = streakLength(spec, strength: strength, geometry: geometry)
        // Canvas size, and so where the noise falls, does not depend on the intensity.
        var canvas = LineKernelCanvas(imageWidth: w, imageHeight: h, angle: angle,
                                      margin: Int((longest * cosf(angle) / 2).rounded(.up)) + 2)
        let count = Int((Float(spec.count) * Float(canvas.width * canvas.height) / Float(w * h)).rounded())
        let rows = length * cosf(angle)
        // A point of weight b * rows averages to b along its streak; the weight also scales
        // with the streak's width (one reference pixel), so sub-pixel streaks at low
        // resolution are fainter and the light a streak adds is the same at any size.
        let weight = rows * geometry.pixels(1)
        for _ in 0..<count {
            let threshold = random.uniform() * 0.92
            let u = random.uniform() * Float(canvas.width), v = random.uniform() * Float(canvas.height)
            let brightness = random.uniform(spec.brightness)
            let visibility = min(max((strength - threshold) / 0.08, 0), 1)
            guard visibility > 0 else { continue }
            canvas.add(u: u, v: v, weight: brightness * visibility * weight)
        }
        canvas.convolveWithLine(rows: rows)
        return canvas.unsheared()
    }

    /// Screen blend of the (tinted) rain light over the image, after the mist veil:
    /// 1 - (1 - hazy) (1 - rain). The veil thickens toward the top of the frame (farther away).
    func screenBlend(_ rain: [Float], over image: RGBImage, veil: Float, veilLevel: Float) -> RGBImage {
        let (w, h) = (image.width, image.height)
        let tint = SIMD3<Float>(0.92, 0.95, 1.0)
        let planeSize = w * h
        var output = image.pixels
        output.withUnsafeMutableBufferPointer { out in
            rain.withUnsafeBufferPointer { streaks in
                for c in 0..<3 {
                    let color = tint[c]
                    for y in 0..<h {
                        let localVeil = veil * (1 - 0.35 * (Float(y) + 0.5) / Float(h))
                        for x in 0..<w {
                            let i = y * w + x, j = c * planeSize + i
                            let hazy = out[j] * (1 - localVeil) + veilLevel * localVeil
                            let r = min(max(streaks[i], 0), 1) * color
                            // = 1 - (1 - hazy) (1 - r), in the form that cannot round below hazy.
                            out[j] = hazy + (1 - hazy) * r
                        }
                    }
                }
            }
        }
        return RGBImage(width: w, height: h, pixels: output)
    }
}
