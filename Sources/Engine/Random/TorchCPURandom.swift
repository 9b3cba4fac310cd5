import Foundation

/// Reproduces `torch.manual_seed(seed)` followed by `torch.randn` calls on the CPU generator
/// (aten/src/ATen/native/cpu/DistributionTemplates.h, normal_kernel):
/// - 16 or more values: every value first gets a 24-bit float uniform, then each block of 16 is
///   turned into normals by Box-Muller pairing element j with j + 8; when the count is not a
///   multiple of 16 the last 16 uniforms are drawn again and that (overlapping) block redone.
/// - fewer than 16 values: one double-precision Box-Muller per value, whose second result is
///   kept in the generator and returned by the next scalar draw, across calls.
public struct TorchCPURandom: NoiseSource, Sendable {
    private var engine: MersenneTwister
    private var cachedNormal: Double?

    public init(seed: UInt64) {
        engine = MersenneTwister(seed: seed)
    }

    public mutating func normal(count: Int) -> [Float] {
        guard count > 0 else { return [] }
        return count >= 16 ? blockNormals(count: count) : (0..<count).map { _ in Float(scalarNormal()) }
    }

    /// A float in [0, 1) from the low 24 bits of one draw.
    private mutating func floatUniform() -> Float {
        Float(engine.next() & 0xFF_FFFF) * (1.0 / 16_777_216.0)
    }

    /// A double in [0, 1) from the low 53 bits of two draws, the first being the high word.
    private mutating func doubleUniform() -> Double {
        let high = UInt64(engine.next())
        let low = UInt64(engine.next())
        return Double(((high << 32) | low) & ((1 << 53) - 1)) * (1.0 / 9_007_199_254_740_992.0)
    }

    private mutating func scalarNormal() -> Double {
        if let cached = cachedNormal {
            cachedNormal = nil
            return cached
        }
        let u1 = doubleUniform()
        let u2 = doubleUniform()
        let radius = (-2.0 * log1p(-u2)).squareRoot()
        let theta = 2.0 * Double.pi * u1
        cachedNormal = radius * sin(theta)
        return radius * cos(theta)
    }

    private mutating func blockNormals(count: Int) -> [Float] {
        var values = [Float](repeating: 0, count: count)
        for i in 0..<count { values[i] = floatUniform() }
        values.withUnsafeMutableBufferPointer { buffer in
            var start = 0
            while start + 16 <= count {
                Self.boxMuller16(buffer.baseAddress! + start)
                start += 16
            }
        }
        if count % 16 != 0 {
            for i in (count - 16)..<count { values[i] = floatUniform() }
            values.withUnsafeMutableBufferPointer { Self.boxMuller16($0.baseAddress! + count - 16) }
        }
        return values
    }

    private static func boxMuller16(_ block: UnsafeMutablePointer<Float>) {
        for j in 0..<8 {
            let u1 = 1 - block[j]  // [0, 1) -> (0, 1] for the logarithm
            let u2 = block[j + 8]
            let radius = (-2 * logf(u1)).squareRoot()
            let theta = 2 * Float.pi * u2
            block[j] = radius * cosf(theta)
            block[j + 8] = radius * sinf(theta)
        }
    }
}
