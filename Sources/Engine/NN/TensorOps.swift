import Foundation

/// Shape-changing and elementwise helpers for NCHW activations.
public enum TensorOps {
    /// Concatenates two [B, C_i, H, W] tensors along channels.
    public static func concatChannels(_ a: Tensor, _ b: Tensor) -> Tensor {
        precondition(a.rank == 4 && b.rank == 4 && a.shape[0] == b.shape[0] && a.shape[2...] == b.shape[2...],
                     "cannot concatenate \(a.shape) and \(b.shape) along channels")
        let batch = a.shape[0], plane = a.shape[2] * a.shape[3]
        let ca = a.shape[1] * plane, cb = b.shape[1] * plane
        var y = Tensor(uninitialized: [batch, a.shape[1] + b.shape[1], a.shape[2], a.shape[3]])
        a.data.withUnsafeBufferPointer { ap in
            b.data.withUnsafeBufferPointer { bp in
                y.data.withUnsafeMutableBufferPointer { yp in
                    for i in 0..<batch {
                        let dst = yp.baseAddress! + i * (ca + cb)
                        dst.update(from: ap.baseAddress! + i * ca, count: ca)
                        (dst + ca).update(from: bp.baseAddress! + i * cb, count: cb)
                    }
                }
            }
        }
        return y
    }

    /// Stacks tensors of equal trailing shape along the first (batch) dimension.
    public static func concatBatch(_ parts: [Tensor]) -> Tensor {
        precondition(!parts.isEmpty && parts.allSatisfy { $0.shape.dropFirst() == parts[0].shape.dropFirst() },
                     "cannot stack \(parts.map(\.shape)) along the batch")
        var data = [Float]()
        data.reserveCapacity(parts.reduce(0) { $0 + $1.count })
        for part in parts { data.append(contentsOf: part.data) }
        return Tensor(shape: [parts.reduce(0) { $0 + $1.shape[0] }] + parts[0].shape.dropFirst(), data: data)
    }

    /// x += y elementwise (same shapes).
    public static func addInPlace(_ x: inout Tensor, _ y: Tensor) {
        precondition(x.shape == y.shape, "cannot add \(y.shape) to \(x.shape)")
        x.data.withUnsafeMutableBufferPointer { xp in
            y.data.withUnsafeBufferPointer { yp in
                Parallel.forChunks(xp.count, grain: 32768) { r in
                    VectorMath.add(xp.baseAddress! + r.lowerBound, yp.baseAddress! + r.lowerBound, r.count)
                }
            }
        }
    }

    /// Nearest-neighbour 2x upsampling of [B, C, H, W].
    public static func upsampleNearest2x(_ x: Tensor) -> Tensor {
        precondition(x.rank == 4, "upsample expects NCHW, got \(x.shape)")
        let (planes, h, w) = (x.shape[0] * x.shape[1], x.shape[2], x.shape[3])
        var y = Tensor(uninitialized: [x.shape[0], x.shape[1], 2 * h, 2 * w])
        x.data.withUnsafeBufferPointer { xp in
            y.data.withUnsafeMutableBufferPointer { yp in
                Parallel.forChunks(planes, grain: max(1, 16384 / (h * w))) { range in
                    for p in range {
                        let src = xp.baseAddress! + p * h * w, dst = yp.baseAddress! + p * 4 * h * w
                        for r in 0..<h {
                            let row = dst + 2 * r * 2 * w
                            for c in 0..<w { row[2 * c] = src[r * w + c]; row[2 * c + 1] = src[r * w + c] }
                            (row + 2 * w).update(from: row, count: 2 * w)
                        }
                    }
                }
            }
        }
        return y
    }

    /// [B, C, H, W] -> tokens [B, H*W, C].
    public static func tokensFromChannelsFirst(_ x: Tensor) -> Tensor {
        precondition(x.rank == 4, "expects NCHW, got \(x.shape)")
        let (batch, channels, pixels) = (x.shape[0], x.shape[1], x.shape[2] * x.shape[3])
        var y = Tensor(uninitialized: [batch, pixels, channels])
        x.data.withUnsafeBufferPointer { xp in
            y.data.withUnsafeMutableBufferPointer { yp in
                Parallel.forChunks(batch * pixels, grain: max(1, 16384 / channels)) { range in
                    for row in range {
                        let (b, p) = row.quotientAndRemainder(dividingBy: pixels)
                        let src = xp.baseAddress! + b * channels * pixels + p, dst = yp.baseAddress! + row * channels
                        for c in 0..<channels { dst[c] = src[c * pixels] }
                    }
                }
            }
        }
        return y
    }

    /// Channels [from, from + count) of a [B, C, H, W] tensor.
    public static func sliceChannels(_ x: Tensor, from: Int, count: Int) -> Tensor {
        precondition(x.rank == 4 && from >= 0 && from + count <= x.shape[1], "bad channel slice of \(x.shape)")
        let batch = x.shape[0], plane = x.shape[2] * x.shape[3]
        var y = Tensor(uninitialized: [batch, count, x.shape[2], x.shape[3]])
        x.data.withUnsafeBufferPointer { xp in
            y.data.withUnsafeMutableBufferPointer { yp in
                for i in 0..<batch {
                    (yp.baseAddress! + i * count * plane)
                        .update(from: xp.baseAddress! + (i * x.shape[1] + from) * plane, count: count * plane)
                }
            }
        }
        return y
    }
}

/// Sinusoidal timestep features as diffusers' `Timesteps(dim, flip_sin_to_cos: true,
/// downscale_freq_shift: 0)` (LDM's timestep_embedding): [cos(t f_i), sin(t f_i)] with
/// f_i = 10000^(-i / (dim/2)).
public func timestepEmbedding(_ timesteps: [Float], dimension: Int) -> Tensor {
    precondition(dimension % 2 == 0, "timestep embedding dimension must be even")
    let half = dimension / 2
    var y = Tensor(zeros: [timesteps.count, dimension])
    for (b, t) in timesteps.enumerated() {
        for i in 0..<half {
            // Float32 throughout, in diffusers' order, so large timesteps round the same way.
            let exponent = -Float(Foundation.log(10000.0)) * Float(i) / Float(half)
            let frequency = Foundation.exp(exponent)
            let angle = t * frequency
            y.data[b * dimension + i] = Foundation.cos(angle)
            y.data[b * dimension + half + i] = Foundation.sin(angle)
        }
    }
    return y
}
