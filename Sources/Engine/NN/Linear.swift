import CBLAS

/// y = x W^T + b over the last dimension (W is [out, in], as PyTorch stores it).
public struct Linear: Sendable {
    public let weight: Tensor  // [out, in]
    public let bias: Tensor?   // [out]
    public var inFeatures: Int { weight.shape[1] }
    public var outFeatures: Int { weight.shape[0] }

    public init(weight: Tensor, bias: Tensor?) throws {
        guard weight.rank == 2, bias == nil || bias!.shape == [weight.shape[0]] else {
            throw ModelLoadError.invalidConfig("linear weight \(weight.shape), bias \(bias?.shape ?? [])")
        }
        self.weight = weight
        self.bias = bias
    }

    public init(_ weights: WeightSource, _ prefix: String, inFeatures: Int, outFeatures: Int, bias: Bool = true) throws {
        let w = try weights.tensor(join(prefix, "weight"), shape: [outFeatures, inFeatures])
        let b = bias ? try weights.tensor(join(prefix, "bias"), shape: [outFeatures]) : nil
        try self.init(weight: w, bias: b)
    }

    /// Stacks several projections of the same input into one (q, k, v -> qkv), so a
    /// single larger GEMM replaces three.
    public static func concatenating(_ parts: [Linear]) throws -> Linear {
        let inputs = parts[0].inFeatures
        guard parts.allSatisfy({ $0.inFeatures == inputs }),
              parts.allSatisfy({ $0.bias == nil }) || parts.allSatisfy({ $0.bias != nil }) else {
            throw ModelLoadError.invalidConfig("cannot stack projections with different inputs or bias use")
        }
        let outputs = parts.reduce(0) { $0 + $1.outFeatures }
        let weight = Tensor(shape: [outputs, inputs], data: parts.flatMap(\.weight.data))
        let bias = parts[0].bias == nil ? nil : Tensor(shape: [outputs], data: parts.flatMap { $0.bias!.data })
        return try Linear(weight: weight, bias: bias)
    }

    public func callAsFunction(_ x: Tensor) -> Tensor {
        precondition(x.rank >= 1 && x.shape.last == inFeatures, "linear expects [..., \(inFeatures)], got \(x.shape)")
        let rows = x.count / inFeatures
        var y = Tensor(uninitialized: Array(x.shape.dropLast()) + [outFeatures])
        x.data.withUnsafeBufferPointer { xp in
            y.data.withUnsafeMutableBufferPointer { yp in
                apply(xp.baseAddress!, yp.baseAddress!, rows: rows)
            }
        }
        return y
    }

    /// y[rows, out] = x[rows, in] W^T + b on raw buffers.
    func apply(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, rows: Int) {
        let out = outFeatures
        if let bias {
            bias.data.withUnsafeBufferPointer { b in
                Parallel.forChunks(rows, grain: max(1, 16384 / out)) { range in
                    for r in range { (y + r * out).update(from: b.baseAddress!, count: out) }
                }
            }
        }
        weight.data.withUnsafeBufferPointer { w in
            cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, Int32(rows), Int32(out), Int32(inFeatures),
                        1, x, Int32(inFeatures), w.baseAddress, Int32(inFeatures), bias == nil ? 0 : 1, y, Int32(out))
        }
    }

    /// Applies the projection to every pixel of an NCHW tensor, producing tokens
    /// [B, H*W, out] (the transpose is folded into the GEMM).
    public func tokens(fromChannelsFirst x: Tensor) -> Tensor {
        precondition(x.rank == 4 && x.shape[1] == inFeatures, "expects [B, \(inFeatures), H, W], got \(x.shape)")
        let (batch, pixels, out, inp) = (x.shape[0], x.shape[2] * x.shape[3], outFeatures, inFeatures)
        var y = Tensor(uninitialized: [batch, pixels, out])
        x.data.withUnsafeBufferPointer { xp in
            y.data.withUnsafeMutableBufferPointer { yp in
                if let bias {
                    bias.data.withUnsafeBufferPointer { b in
                        for r in 0..<(batch * pixels) { (yp.baseAddress! + r * out).update(from: b.baseAddress!, count: out) }
                    }
                }
                weight.data.withUnsafeBufferPointer { w in
                    for i in 0..<batch {
                        cblas_sgemm(CblasRowMajor, CblasTrans, CblasTrans, Int32(pixels), Int32(out), Int32(inp),
                                    1, xp.baseAddress! + i * inp * pixels, Int32(pixels), w.baseAddress, Int32(inp),
                                    bias == nil ? 0 : 1, yp.baseAddress! + i * pixels * out, Int32(out))
                    }
                }
            }
        }
        return y
    }

    /// Applies the projection to tokens [B, H*W, in] and lays the result out as NCHW
    /// [B, out, height, width].
    public func channelsFirst(fromTokens x: Tensor, height: Int, width: Int) -> Tensor {
        precondition(x.rank == 3 && x.shape[1] == height * width && x.shape[2] == inFeatures,
                     "expects [B, \(height * width), \(inFeatures)], got \(x.shape)")
        let (batch, pixels, out, inp) = (x.shape[0], height * width, outFeatures, inFeatures)
        var y = Tensor(uninitialized: [batch, out, height, width])
        x.data.withUnsafeBufferPointer { xp in
            y.data.withUnsafeMutableBufferPointer { yp in
                for r in 0..<(batch * out) {
                    (yp.baseAddress! + r * pixels).update(repeating: bias?.data[r % out] ?? 0, count: pixels)
                }
                weight.data.withUnsafeBufferPointer { w in
                    for i in 0..<batch {
                        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, Int32(out), Int32(pixels), Int32(inp),
                                    1, w.baseAddress, Int32(inp), xp.baseAddress! + i * pixels * inp, Int32(inp),
                                    1, yp.baseAddress! + i * out * pixels, Int32(pixels))
                    }
                }
            }
        }
        return y
    }
}
