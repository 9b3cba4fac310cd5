/// diffusers' FeedForward with GEGLU: proj (C -> 2 * inner), h * gelu(gate), then inner -> C.
/// Names: `<prefix>.net.0.proj`, `<prefix>.net.2`.
public struct GEGLUFeedForward: Sendable {
    let projection: Linear
    let output: Linear
    public let inner: Int

    public init(_ weights: WeightSource, _ prefix: String, dimension: Int, multiplier: Int = 4) throws {
        inner = dimension * multiplier
        projection = try Linear(weights, join(prefix, "net.0.proj"), inFeatures: dimension, outFeatures: 2 * inner)
        output = try Linear(weights, join(prefix, "net.2"), inFeatures: inner, outFeatures: dimension)
    }

    public func callAsFunction(_ x: Tensor) -> Tensor {
        let packed = projection(x)
        let rows = x.count / x.shape.last!
        var gated = Tensor(uninitialized: Array(x.shape.dropLast()) + [inner])
        let inner = inner
        packed.data.withUnsafeBufferPointer { p in
            gated.data.withUnsafeMutableBufferPointer { g in
                Parallel.forChunks(rows, grain: max(1, 8192 / inner)) { range in
                    for r in range {
                        let src = p.baseAddress! + r * 2 * inner, dst = g.baseAddress! + r * inner
                        VectorMath.geglu(src, src + inner, dst, inner)
                    }
                }
            }
        }
        return output(gated)
    }
}
