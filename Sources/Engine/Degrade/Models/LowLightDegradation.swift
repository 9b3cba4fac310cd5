import Foundation

/// A dark, noisy exposure: the image is taken to linear light (inverse gamma), its exposure
/// scaled down (with a slight per-channel gain error), photons counted with Poisson shot
/// noise and Gaussian read noise added in linear space (see `LowLightSensor`), and gamma
/// applied back.
public struct LowLightDegradation: PhysicalDegradation {
    public var type: DegradationType { .lowLight }
    /// Exposure factor at intensity 1 (the exposure falls log-linearly from 1).
    public var minimumExposure: Float
    /// Shot-noise variance per unit of linear signal at intensity 1 (the reciprocal of the
    /// photons counted for a linear signal of 1).
    public var shotNoise: Float
    /// Read-noise standard deviation (linear units) at intensity 1.
    public var readNoise: Float

    static let gamma: Float = 2.2

    public init(minimumExposure: Float = 0.03, shotNoise: Float = 0.0015, readNoise: Float = 0.0025) {
        self.minimumExposure = minimumExposure
        self.shotNoise = shotNoise
        self.readNoise = readNoise
    }

    /// The sensor at slider value `strength` (in (0, 1]): exposure and per-channel gains
    /// drawn from the seed; shot and read noise both grow with the intensity, so the
    /// degradation starts from the clean image.
    func sensor(strength: Float, seed: UInt64) -> LowLightSensor {
        var random = SeededRandom(seed, 0x10_1167)
        let exposure = powf(minimumExposure, strength)
        let gains = SIMD3<Float>((0..<3).map { _ in exposure * (1 + 0.08 * strength * (random.uniform() - 0.5)) })
        return LowLightSensor(gains: gains, photonsPerUnit: 1 / (Double(shotNoise) * Double(strength)),
                              readNoise: readNoise * strength)
    }

    public func apply(to image: RGBImage, intensity: Float, seed: UInt64) -> DegradationResult {
        let strength = intensity.clampedIntensity
        guard strength > 0 else { return DegradationResult(image: image) }
        let sensor = self.sensor(strength: strength, seed: seed)
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
                            let row = dst + plane * planeSize + y * w
                            let clean = src + plane * planeSize + y * w
                            for x in 0..<w { row[x] = toLinear.value(at: clean[x]) }
                            sensor.expose(UnsafeMutableBufferPointer(start: row, count: w), channel: plane, random: &noise)
                            for x in 0..<w { row[x] = fromLinear.value(at: min(max(row[x], 0), 1).squareRoot()) }
                        }
                    }
                }
            }
        }
        return DegradationResult(image: RGBImage(width: w, height: h, pixels: output))
    }
}
