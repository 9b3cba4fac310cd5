import Foundation

/// Vectorized kernels shared by the activation, softmax and normalization passes.
enum VectorMath {
    typealias V = SIMD8<Float>

    /// e^x for eight lanes (Cephes expf: range reduction by ln 2, degree-5 polynomial);
    /// relative error about 2e-7 over the float range, saturating outside it.
    @inline(__always)
    static func exp(_ input: V) -> V {
        let low = V(repeating: -87.3), high = V(repeating: 88.3)
        let x = input.replacing(with: low, where: input .< low).replacing(with: high, where: input .> high)
        // Adding 1.5 * 2^23 rounds x log2(e) to the nearest integer n and leaves n in the low
        // mantissa bits, which then become the exponent field of 2^n (no float->int convert).
        let shifted = x * 1.442_695_04 + 12_582_912
        let n = shifted - 12_582_912
        var r = x - n * 0.693_359_375
        r = r + n * 2.121_944_4e-4
        var p = V(repeating: 1.987_569_15e-4)
        p = p * r + 1.398_199_95e-3
        p = p * r + 8.333_451_9e-3
        p = p * r + 4.166_579_59e-2
        p = p * r + 1.666_666_55e-1
        p = p * r + 5.000_000_12e-1
        p = p * (r * r) + r + 1
        let exponent = (unsafeBitCast(shifted, to: SIMD8<UInt32>.self) &+ 127) &<< 23
        return p * unsafeBitCast(exponent, to: V.self)
    }

    /// erf(x) for eight lanes (Abramowitz & Stegun 7.1.26, absolute error below 1.5e-7).
    @inline(__always)
    static func erf(_ x: V) -> V {
        let a = x.replacing(with: -x, where: x .< 0)
        let t = 1 / (1 + 0.327_591_1 * a)
        var p = 1.061_405_429 * t - 1.453_152_027
        p = p * t + 1.421_413_741
        p = p * t - 0.284_496_736
        p = p * t + 0.254_829_592
        let y = 1 - p * t * exp(-(a * a))
        return y.replacing(with: -y, where: x .< 0)
    }

    /// Exact-form GELU, x * (1 + erf(x / sqrt 2)) / 2, for eight lanes.
    @inline(__always)
    static func gelu(_ x: V) -> V {
        0.5 * x * (1 + erf(x * 0.707_106_78))
    }

    /// out[i] = value[i] * gelu(gate[i]) (GEGLU).
    static func geglu(_ value: UnsafePointer<Float>, _ gate: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>, _ n: Int) {
        var i = 0
        while i + 8 <= n { store(load(value + i) * gelu(load(gate + i)), out + i); i += 8 }
        while i < n { out[i] = value[i] * Activation.gelu(gate[i]); i += 1 }
    }

    /// GELU in place.
    static func gelu(_ x: UnsafeMutablePointer<Float>, _ n: Int) {
        var i = 0
        while i + 8 <= n { store(gelu(load(x + i)), x + i); i += 8 }
        while i < n { x[i] = Activation.gelu(x[i]); i += 1 }
    }

    @inline(__always)
    static func load(_ p: UnsafePointer<Float>) -> V {
        UnsafeRawPointer(p).loadUnaligned(as: V.self)
    }

    @inline(__always)
    static func store(_ v: V, _ p: UnsafeMutablePointer<Float>) {
        UnsafeMutableRawPointer(p).storeBytes(of: v, as: V.self)
    }

    /// Sum of n values.
    static func sum(_ x: UnsafePointer<Float>, _ n: Int) -> Float {
        var acc = V(), i = 0
        while i + 8 <= n { acc += load(x + i); i += 8 }
        var total = acc.sum()
        while i < n { total += x[i]; i += 1 }
        return total
    }

    /// Sum of (x - mean)^2 over n values.
    static func squaredDeviation(_ x: UnsafePointer<Float>, _ n: Int, mean: Float) -> Float {
        var acc = V(), i = 0
        let m = V(repeating: mean)
        while i + 8 <= n { let d = load(x + i) - m; acc += d * d; i += 8 }
        var total = acc.sum()
        while i < n { let d = x[i] - mean; total += d * d; i += 1 }
        return total
    }

    /// y = a * x + b elementwise, then optionally SiLU; x and y may alias.
    static func affine(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, _ n: Int,
                       scale a: Float, shift b: Float, silu: Bool) {
        let va = V(repeating: a), vb = V(repeating: b)
        var i = 0
        if silu {
            while i + 8 <= n {
                let v = load(x + i) * va + vb
                store(v / (1 + exp(-v)), y + i)
                i += 8
            }
            while i < n { let v = x[i] * a + b; y[i] = v / (1 + Foundation.exp(-v)); i += 1 }
        } else {
            while i + 8 <= n { store(load(x + i) * va + vb, y + i); i += 8 }
            while i < n { y[i] = x[i] * a + b; i += 1 }
        }
    }

    /// x * sigmoid(beta * x) in place: SiLU for beta = 1, CLIP's quick_gelu for 1.702.
    static func swish(_ x: UnsafeMutablePointer<Float>, _ n: Int, beta: Float) {
        let vb = V(repeating: -beta)
        var i = 0
        while i + 8 <= n {
            let v = load(x + i)
            store(v / (1 + exp(v * vb)), x + i)
            i += 8
        }
        while i < n { x[i] = x[i] / (1 + Foundation.exp(-beta * x[i])); i += 1 }
    }

    /// Softmax of one row in place, shifted by its maximum.
    static func softmaxRow(_ x: UnsafeMutablePointer<Float>, _ n: Int) {
        var i = 0
        var vmax = V(repeating: -.infinity)
        while i + 8 <= n { let v = load(x + i); vmax.replace(with: v, where: v .> vmax); i += 8 }
        var m = vmax.max()
        while i < n { m = Swift.max(m, x[i]); i += 1 }
        if m == -.infinity { m = 0 }
        let vm = V(repeating: m)
        var acc = V()
        i = 0
        while i + 8 <= n { let e = exp(load(x + i) - vm); store(e, x + i); acc += e; i += 8 }
        var total = acc.sum()
        while i < n { let e = Foundation.exp(x[i] - m); x[i] = e; total += e; i += 1 }
        let inv = 1 / total
        let vinv = V(repeating: inv)
        i = 0
        while i + 8 <= n { store(load(x + i) * vinv, x + i); i += 8 }
        while i < n { x[i] *= inv; i += 1 }
    }

    /// x + y into x.
    static func add(_ x: UnsafeMutablePointer<Float>, _ y: UnsafePointer<Float>, _ n: Int) {
        var i = 0
        while i + 8 <= n { store(load(x + i) + load(y + i), x + i); i += 8 }
        while i < n { x[i] += y[i]; i += 1 }
    }
}
