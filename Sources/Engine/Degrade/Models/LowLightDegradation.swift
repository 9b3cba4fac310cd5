import Foundation

/// A dark, noisy exposure: the image is taken to linear light (inverse gamma), its exposure
/// scaled down (with a slight per-channel gain error), Poisson-Gaussian sensor noise added in
/// linear space (signal-dependent shot noise plus read noise, in their usual Gaussian
/// approximation so the noise varies continuously with intensity), and gamma applied back.
public struct LowLightDegradation: PhysicalDegradation {
    public var type: DegradationType { .lowLight }
    /// Exposure factor at intensity 1 (the exposure falls log-linearly from 1).
    public var minimumExposure: Float
    /// Shot-noise variance per unit of linear signal at intensity 1.
    public var shotNoise: Float
    /// Read-noise standard deviation (linear units) at intensity 1.
    public var readNoise: Float

    static let gamma: Float = 2.2

    public init(minimumExposure: Float = 0.03, shotNoise: Float = 0.0015, readNoise: Float = 0.0025) {
        self.minimumExposure = minimumExposure
        self.shotNoise = shotNoise
        self.readNoise = readNoise
    }

    public func apply(to image: RGBImage, intensity: Float, seed: UInt64) -> DegradationResult {
        let strength = intensity.clampedIntensity
        guard strength > 0 else { return DegradationResult(image: image) }
        var random = SeededRandom(seed, 0x10_1167)
        let exposure = powf(minimumExposure, strength)
        let gains = (0..<3).map { _ in exposure * (1 + 0.08 * strength * (random.uniform() - 0.5)) }
        let shot = shotNoise * strength, read = readNoise * strength
        let (w, h) = (image.width, image.height)
        let planeSize = w * h
        var output = [Float](repeating: 0, count: 3 * planeSize)
        let toLinear = GammaTables.toLinear, fromLinear = GammaTables.fromLinearBySquareRoot
        image.pixels.withUnsafeBufferPointer { source in
            output.withUnsafeMutableBufferPointer { destination in
                let src = source.baseAddress!, dst = destination.baseAddress!
                Parallel.forFixedChunks(h, grain: 8) { rows in
                    for y in rows {
                        // Per-row streams keep the noise independent of how rows are split.
                        var noise = SeededRandom(seed, 0x10_1167, UInt64(y))
                        for plane in 0..<3 {
                            let gain = gains[plane]
                            let base = plane * planeSize + y * w
                            for x in 0..<w {
                                let signal = gain * toLinear.value(at: src[base + x])
                                let sigma = (shot * signal + read * read).squareRoot()
                                let noisy = min(max(signal + sigma * noise.approximateNormal(), 0), 1)
                                dst[base + x] = fromLinear.value(at: noisy.squareRoot())
                            }
                        }
                    }
                }
            }
        }
        return DegradationResult(image: RGBImage(width: w, height: h, pixels: output))
    }
}

extension SeededRandom {
    /// A standard normal approximated by the sum of four uniforms (Irwin-Hall, tails cut at
    /// 3.5 sigma): one draw instead of a logarithm and two trigonometric calls per sample,
    /// plenty for sensor noise.
    @inline(__always) mutating func approximateNormal() -> Float {
        let bits = next()
        let sum = Float(bits & 0xFFFF) + Float((bits >> 16) & 0xFFFF) + Float((bits >> 32) & 0xFFFF) + Float(bits >> 48)
        return (sum * (1 / 65536) - 2) * 1.7320508
    }
}

/// The display gamma as lookup tables with linear interpolation (powf per sample is the
/// slowest part of the low-light model otherwise).
enum GammaTables {
    /// x^2.2 on [0, 1].
    static let toLinear = InterpolatedTable(segments: 4096) { powf($0, LowLightDegradation.gamma) }
    /// Indexed by sqrt(y): (sqrt y)^(2 / 2.2) = y^(1 / 2.2), which is gentle near 0 where
    /// y^(1 / 2.2) itself is too steep to tabulate.
    static let fromLinearBySquareRoot = InterpolatedTable(segments: 4096) { powf($0, 2 / LowLightDegradation.gamma) }
}

/// A function on [0, 1] sampled at `segments + 1` points, read back with linear interpolation;
/// inputs outside [0, 1] are clamped.
struct InterpolatedTable: Sendable {
    let values: [Float]
    let segments: Int

    init(segments: Int, _ function: (Float) -> Float) {
        self.segments = segments
        values = (0...segments).map { function(Float($0) / Float(segments)) } + [function(1)]
    }

    @inline(__always) func value(at x: Float) -> Float {
        let position = min(max(x, 0), 1) * Float(segments)
        let index = Int(position)
        let t = position - Float(index)
        return values.withUnsafeBufferPointer { v in v[index] + (v[index + 1] - v[index]) * t }
    }
}
