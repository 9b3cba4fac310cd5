/// Group normalization over NCHW (or any [B, C, ...]) tensors with a per-channel affine,
/// optionally followed by SiLU in the same pass (the UNet and VAE always apply one after).
public struct GroupNorm: Sendable {
    public let groups: Int
    public let eps: Float
    public let gamma: Tensor, beta: Tensor  // [C]
    public var channels: Int { gamma.count }

    public init(_ weights: WeightSource, _ prefix: String, groups: Int, channels: Int, eps: Float) throws {
        guard groups >= 1, channels % groups == 0 else {
            throw ModelLoadError.invalidConfig("\(prefix): \(channels) channels do not split into \(groups) groups")
        }
        self.groups = groups
        self.eps = eps
        gamma = try weights.tensor(join(prefix, "weight"), shape: [channels])
        beta = try weights.tensor(join(prefix, "bias"), shape: [channels])
    }

    public func callAsFunction(_ x: Tensor, silu: Bool = false) -> Tensor {
        precondition(x.rank >= 2 && x.shape[1] == channels, "group norm expects [B, \(channels), ...], got \(x.shape)")
        let batch = x.shape[0]
        let spatial = x.count / (batch * channels)
        let perGroup = channels / groups
        let n = perGroup * spatial
        var y = Tensor(uninitialized: x.shape)
        x.data.withUnsafeBufferPointer { xp in
            y.data.withUnsafeMutableBufferPointer { yp in
                gamma.data.withUnsafeBufferPointer { g in
                    beta.data.withUnsafeBufferPointer { b in
                        Parallel.forChunks(batch * groups, grain: max(1, 32768 / max(n, 1))) { slabs in
                            for slab in slabs {
                                let src = xp.baseAddress! + slab * n, dst = yp.baseAddress! + slab * n
                                let mean = VectorMath.sum(src, n) / Float(n)
                                let variance = VectorMath.squaredDeviation(src, n, mean: mean) / Float(n)
                                let inv = 1 / (variance + eps).squareRoot()
                                let firstChannel = (slab % groups) * perGroup
                                for c in 0..<perGroup {
                                    let scale = g[firstChannel + c] * inv
                                    let shift = b[firstChannel + c] - mean * scale
                                    VectorMath.affine(src + c * spatial, dst + c * spatial, spatial,
                                                      scale: scale, shift: shift, silu: silu)
                                }
                            }
                        }
                    }
                }
            }
        }
        return y
    }
}

/// Layer normalization over the last dimension.
public struct LayerNorm: Sendable {
    public let eps: Float
    public let gamma: Tensor, beta: Tensor  // [D]
    public var dimension: Int { gamma.count }

    public init(_ weights: WeightSource, _ prefix: String, dimension: Int, eps: Float = 1e-5) throws {
        self.eps = eps
        gamma = try weights.tensor(join(prefix, "weight"), shape: [dimension])
        beta = try weights.tensor(join(prefix, "bias"), shape: [dimension])
    }

    public func callAsFunction(_ x: Tensor) -> Tensor {
        let d = dimension
        precondition(x.shape.last == d, "layer norm expects [..., \(d)], got \(x.shape)")
        var y = Tensor(uninitialized: x.shape)
        x.data.withUnsafeBufferPointer { xp in
            y.data.withUnsafeMutableBufferPointer { yp in
                gamma.data.withUnsafeBufferPointer { g in
                    beta.data.withUnsafeBufferPointer { b in
                        Parallel.forChunks(x.count / d, grain: max(1, 16384 / d)) { rows in
                            for r in rows {
                                let src = xp.baseAddress! + r * d, dst = yp.baseAddress! + r * d
                                let mean = VectorMath.sum(src, d) / Float(d)
                                let inv = 1 / (VectorMath.squaredDeviation(src, d, mean: mean) / Float(d) + eps).squareRoot()
                                for i in 0..<d { dst[i] = (src[i] - mean) * inv * g[i] + b[i] }
                            }
                        }
                    }
                }
            }
        }
        return y
    }
}
