import Foundation

/// Loop-friendly (vectorizable) exp and exact-form GELU. The erf is Abramowitz & Stegun 7.1.26
/// (absolute error below 1.5e-7), the same formula PyTorch's vectorized CPU erf uses.
enum FastMath {
    /// Cephes-style expf: range reduction by ln 2, degree-5 polynomial, exponent by bit pattern.
    @inline(__always)
    static func exp(_ value: Float) -> Float {
        let x = min(max(value, -87.3), 88.3)
        let n = (x * 1.44269504088896341 + 0.5).rounded(.down)
        let r = x - n * 0.693359375 + n * 2.12194440e-4
        let z = r * r
        var y: Float = 1.9875691500e-4
        y = y * r + 1.3981999507e-3
        y = y * r + 8.3334519073e-3
        y = y * r + 4.1665795894e-2
        y = y * r + 1.6666665459e-1
        y = y * r + 5.0000001201e-1
        y = y * z + r + 1
        return y * Float(bitPattern: UInt32(bitPattern: Int32(n) + 127) << 23)
    }

    @inline(__always)
    static func erf(_ x: Float) -> Float {
        let a = abs(x)
        let t = 1 / (0.3275911 * a + 1)
        var r: Float = 1.061405429
        r = r * t - 1.453152027
        r = r * t + 1.421413741
        r = r * t - 0.284496736
        r = r * t + 0.254829592
        let e = 1 - r * t * exp(-a * a)
        return x < 0 ? -e : e
    }

    /// In place: x * 0.5 * (1 + erf(x / sqrt 2)), torch's default (exact) GELU.
    static func gelu(_ values: UnsafeMutablePointer<Float>, count: Int) {
        for i in 0..<count {
            let x = values[i]
            values[i] = 0.5 * x * (1 + erf(x * 0.70710678118654752))
        }
    }
}
