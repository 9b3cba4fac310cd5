import CBLAS

/// softmax(Q K^T / sqrt(d)) V for every batch item and head, on row-strided buffers:
/// row i of head h in batch b starts at base + (b * rows + i) * stride + h * headDim, so
/// fused QKV projections and [B, N, heads * d] outputs need no transposes. Scores use one
/// [nq, nk] scratch matrix at a time; both products are sgemm.
func scaledDotProductAttention(
    q: UnsafePointer<Float>, qStride: Int, k: UnsafePointer<Float>, kStride: Int,
    v: UnsafePointer<Float>, vStride: Int, out: UnsafeMutablePointer<Float>, outStride: Int,
    batch: Int, queries nq: Int, keys nk: Int, heads: Int, headDim d: Int, causal: Bool
) {
    let scale = 1 / Float(d).squareRoot()
    ScratchPool.shared.withBuffer(nq * nk) { scores in
        for b in 0..<batch {
            for h in 0..<heads {
                let qh = q + b * nq * qStride + h * d
                let kh = k + b * nk * kStride + h * d
                let vh = v + b * nk * vStride + h * d
                cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, Int32(nq), Int32(nk), Int32(d),
                            scale, qh, Int32(qStride), kh, Int32(kStride), 0, scores, Int32(nk))
                Parallel.forChunks(nq, grain: max(1, 16384 / nk)) { rows in
                    for i in rows {
                        let row = scores + i * nk
                        if causal && i + 1 < nk { (row + i + 1).update(repeating: -.infinity, count: nk - i - 1) }
                        VectorMath.softmaxRow(row, nk)
                    }
                }
                cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(nq), Int32(d), Int32(nk),
                            1, scores, Int32(nk), vh, Int32(vStride), 0, out + b * nq * outStride + h * d, Int32(outStride))
            }
        }
    }
}

/// Multi-head attention over token tensors [B, N, C]: self-attention (one fused QKV
/// projection) or cross-attention on a context [B, M, C_ctx].
public struct MultiHeadAttention: Sendable {
    /// Parameter names of the projections: diffusers' `to_q`... or CLIP's `q_proj`...
    public enum Naming: Sendable {
        case diffusers, clip
        var names: (q: String, k: String, v: String, out: String) {
            switch self {
            case .diffusers: return ("to_q", "to_k", "to_v", "to_out.0")
            case .clip: return ("q_proj", "k_proj", "v_proj", "out_proj")
            }
        }
    }

    public let heads: Int, headDim: Int
    let qkv: Linear?         // self-attention: [3 * inner, C]
    let query: Linear?       // cross-attention
    let keyValue: Linear?    // cross-attention: [2 * inner, C_ctx]
    let output: Linear
    var inner: Int { heads * headDim }

    /// `contextDim` nil means self-attention.
    public init(_ weights: WeightSource, _ prefix: String, queryDim: Int, contextDim: Int? = nil, heads: Int,
                headDim: Int, projectionBias: Bool = false, naming: Naming = .diffusers) throws {
        self.heads = heads
        self.headDim = headDim
        let n = naming.names, inner = heads * headDim
        let q = try Linear(weights, join(prefix, n.q), inFeatures: queryDim, outFeatures: inner, bias: projectionBias)
        let kvDim = contextDim ?? queryDim
        let k = try Linear(weights, join(prefix, n.k), inFeatures: kvDim, outFeatures: inner, bias: projectionBias)
        let v = try Linear(weights, join(prefix, n.v), inFeatures: kvDim, outFeatures: inner, bias: projectionBias)
        if contextDim == nil {
            qkv = try Linear.concatenating([q, k, v])
            query = nil
            keyValue = nil
        } else {
            qkv = nil
            query = q
            keyValue = try Linear.concatenating([k, v])
        }
        output = try Linear(weights, join(prefix, n.out), inFeatures: inner, outFeatures: queryDim, bias: true)
    }

    public func callAsFunction(_ x: Tensor, context: Tensor? = nil, causal: Bool = false) -> Tensor {
        attend(x, context: context, causal: causal, project: { output($0) })
    }

    /// Attention whose output projection is left to `project` (lets the VAE write NCHW directly).
    func attend(_ x: Tensor, context: Tensor?, causal: Bool, project: (Tensor) -> Tensor) -> Tensor {
        precondition(x.rank == 3, "attention expects tokens [B, N, C], got \(x.shape)")
        let (batch, nq) = (x.shape[0], x.shape[1])
        var mixed = Tensor(uninitialized: [batch, nq, inner])
        if let qkv {
            let packed = qkv(x)
            packed.data.withUnsafeBufferPointer { p in
                mixed.data.withUnsafeMutableBufferPointer { o in
                    let base = p.baseAddress!
                    scaledDotProductAttention(q: base, qStride: 3 * inner, k: base + inner, kStride: 3 * inner,
                                              v: base + 2 * inner, vStride: 3 * inner, out: o.baseAddress!,
                                              outStride: inner, batch: batch, queries: nq, keys: nq, heads: heads,
                                              headDim: headDim, causal: causal)
                }
            }
        } else {
            let context = context ?? x
            precondition(context.rank == 3 && context.shape[0] == batch, "context \(context.shape) for input \(x.shape)")
            let q = query!(x), kv = keyValue!(context)
            let nk = context.shape[1]
            q.data.withUnsafeBufferPointer { qp in
                kv.data.withUnsafeBufferPointer { kvp in
                    mixed.data.withUnsafeMutableBufferPointer { o in
                        scaledDotProductAttention(q: qp.baseAddress!, qStride: inner, k: kvp.baseAddress!, kStride: 2 * inner,
                                                  v: kvp.baseAddress! + inner, vStride: 2 * inner, out: o.baseAddress!,
                                                  outStride: inner, batch: batch, queries: nq, keys: nk, heads: heads,
                                                  headDim: headDim, causal: causal)
                    }
                }
            }
        }
        return project(mixed)
    }
}
