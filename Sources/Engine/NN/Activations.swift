import Foundation

/// Pointwise activations, applied in place.
public enum Activation: Sendable {
    case silu
    /// GELU with the exact erf form (PyTorch's default).
    case gelu
    /// GELU with the tanh approximation.
    case geluTanh
    /// CLIP's x * sigmoid(1.702 x).
    case quickGelu

    public func apply(_ x: inout Tensor) {
        x.data.withUnsafeMutableBufferPointer { p in
            apply(p.baseAddress!, count: p.count)
        }
    }

    public func callAsFunction(_ x: Tensor) -> Tensor {
        var y = x
        apply(&y)
        return y
    }

    func apply(_ x: UnsafeMutablePointer<Float>, count: Int) {
        Parallel.forChunks(count, grain: 16384) { range in
            let p = x + range.lowerBound, n = range.count
            switch self {
            case .silu: VectorMath.swish(p, n, beta: 1)
            case .quickGelu: VectorMath.swish(p, n, beta: 1.702)
            case .gelu: VectorMath.gelu(p, n)
            case .geluTanh:
                for i in 0..<n {
                    let v = p[i]
                    p[i] = 0.5 * v * (1 + tanh(0.797_884_56 * (v + 0.044_715 * v * v * v)))
                }
            }
        }
    }

    @inline(__always)
    static func gelu(_ v: Float) -> Float {
        0.5 * v * (1 + erf(v * 0.707_106_78))
    }
}

/// Row-wise softmax over the last dimension.
public func softmax(_ x: Tensor) -> Tensor {
    precondition(x.rank >= 1 && x.shape.last! > 0, "softmax needs a non-empty last dimension")
    var y = x
    let n = x.shape.last!
    y.data.withUnsafeMutableBufferPointer { p in
        Parallel.forChunks(x.count / n, grain: max(1, 8192 / n)) { rows in
            for r in rows { VectorMath.softmaxRow(p.baseAddress! + r * n, n) }
        }
    }
    return y
}
