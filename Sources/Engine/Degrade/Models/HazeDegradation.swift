import Foundation

/// Atmospheric scattering (Koschmieder): I = J t + A (1 - t), t = exp(-beta d).
/// Without a depth map, depth d is guessed (see `DepthGrid`). The airlight A is a light gray
/// whose brightness and tint vary a little with the seed. Intensity scales beta.
public struct HazeDegradation: PhysicalDegradation {
    public var type: DegradationType { .haze }
    /// Scattering coefficient at intensity 1, per unit of normalized depth.
    public var maxScattering: Float

    public init(maxScattering: Float = 3.6) {
        self.maxScattering = maxScattering
    }

    public func apply(to image: RGBImage, intensity: Float, seed: UInt64) -> DegradationResult {
        let strength = intensity.clampedIntensity
        guard strength > 0 else { return DegradationResult(image: image) }
        let depth = DepthGrid(guessingFrom: image, seed: seed)
        let airlight = Self.airlight(seed: seed)
        let beta = maxScattering * strength
        let (w, h) = (image.width, image.height)
        let planeSize = w * h
        var output = [Float](repeating: 0, count: 3 * planeSize)
        image.pixels.withUnsafeBufferPointer { source in
            output.withUnsafeMutableBufferPointer { destination in
                let src = source.baseAddress!, dst = destination.baseAddress!
                Parallel.forFixedChunks(h, grain: 16) { rows in
                    var transmission = [Float](repeating: 0, count: w)
                    for y in rows {
                        depth.upsampleRow(y, into: &transmission)
                        for x in 0..<w { transmission[x] = expf(-beta * transmission[x]) }
                        for c in 0..<3 {
                            let base = c * planeSize + y * w, a = airlight[c]
                            for x in 0..<w {
                                let t = transmission[x]
                                dst[base + x] = src[base + x] * t + a * (1 - t)
                            }
                        }
                    }
                }
            }
        }
        return DegradationResult(image: RGBImage(width: w, height: h, pixels: output))
    }

    /// A light gray airlight, its level and tint drawn from the seed.
    static func airlight(seed: UInt64) -> SIMD3<Float> {
        var random = SeededRandom(seed, 0xA1_4119)
        let level = random.uniform(0.78...0.93)
        let tint = SIMD3<Float>(random.uniform(-0.03...0), random.uniform(-0.015...0.01), random.uniform(0...0.03))
        return (SIMD3(repeating: level) + tint).clamped(lowerBound: .zero, upperBound: .one)
    }
}
