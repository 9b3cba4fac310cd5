import Foundation

/// A small, fast, reproducible generator (SplitMix64 seeding xoshiro256**), so every
/// physical degradation is a pure function of its seed on every platform.
public struct SeededRandom: RandomNumberGenerator, Sendable {
    private var s0: UInt64, s1: UInt64, s2: UInt64, s3: UInt64

    public init(seed: UInt64) {
        var z = seed
        func splitMix() -> UInt64 {
            z &+= 0x9E37_79B9_7F4A_7C15
            var x = z
            x = (x ^ (x >> 30)) &* 0xBF58_476D_1CE4_E5B9
            x = (x ^ (x >> 27)) &* 0x94D0_49BB_1331_11EB
            return x ^ (x >> 31)
        }
        s0 = splitMix(); s1 = splitMix(); s2 = splitMix(); s3 = splitMix()
    }

    /// A generator derived from several values, for per-sample streams (seed, image, index...).
    public init(_ parts: UInt64...) {
        var h: UInt64 = 0x6A09_E667_F3BC_C908
        for p in parts { h = (h ^ p) &* 0x100_0000_01B3; h ^= h >> 29 }
        self.init(seed: h)
    }

    public mutating func next() -> UInt64 {
        let result = ((s1 &* 5) << 7 | (s1 &* 5) >> 57) &* 9
        let t = s1 << 17
        s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3
        s2 ^= t
        s3 = (s3 << 45) | (s3 >> 19)
        return result
    }

    /// Uniform in [0, 1).
    public mutating func uniform() -> Float { Float(next() >> 40) / Float(1 << 24) }

    public mutating func uniform(_ range: ClosedRange<Float>) -> Float {
        range.lowerBound + (range.upperBound - range.lowerBound) * uniform()
    }

    /// Standard normal by Box-Muller.
    public mutating func normal() -> Float {
        let u1 = max(Double(next() >> 11) / Double(1 << 53), 1e-300)
        let u2 = Double(next() >> 11) / Double(1 << 53)
        return Float((-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2))
    }

    /// Two independent standard normals by Marsaglia's polar form of Box-Muller (a point
    /// drawn uniformly in the unit disc, radius transformed; no trigonometry), for loops that
    /// need many.
    public mutating func normalPair() -> (Float, Float) {
        while true {
            let bits = next()
            // Two 24-bit uniforms in (-1, 1) from one draw.
            let u = Float(bits >> 40) * (2 / 16_777_216) - 1
            let v = Float((bits >> 8) & 0xFF_FFFF) * (2 / 16_777_216) - 1
            let s = u * u + v * v
            if s >= 1 || s == 0 { continue }
            let factor = (-2 * logf(s) / s).squareRoot()
            return (u * factor, v * factor)
        }
    }
}
