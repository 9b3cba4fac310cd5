import CBLAS
import Foundation

/// Restormer's transformer block: x + MDTA(norm1(x)), then + GDFN(norm2(x)).
///
/// MDTA (multi-Dconv head transposed attention) attends across channels: per head, the
/// L2-normalized q and k rows (over pixels) give a (C/heads)^2 attention matrix, scaled by the
/// learned temperature and softmaxed; the output is project_out(attn · v). Here the block-diagonal
/// attention is multiplied into project_out's weight, so v is read once by a single GEMM.
/// GDFN: project_out(gelu(dw(x)_1) * dw(x)_2) with x = project_in(norm(x)), hidden int(2.66 C).
struct RestormerBlock: Sendable {
    let channels: Int
    let heads: Int
    let layerNorm: RestormerConfig.LayerNormKind
    let temperature: [Float]
    let qkv: DenseConv
    let qkvDepthwise: DepthwiseConv3x3
    let projectOut: DenseConv
    let projectIn: DenseConv
    let ffnDepthwise: DepthwiseConv3x3
    let ffnOut: DenseConv

    init(_ w: WeightLoader, prefix p: String, channels c: Int, heads: Int, config: RestormerConfig) throws {
        guard heads > 0, c % heads == 0 else {
            throw ModelLoadError.unsupportedConfig("\(w.source): \(p) has \(heads) heads for \(c) channels")
        }
        channels = c
        self.heads = heads
        layerNorm = config.layerNorm
        let bias = config.bias
        func norm(_ name: String) throws -> ([Float], [Float]?) {
            let weight = try w.take("\(p).\(name).body.weight", shape: [c])
            let shift = config.layerNorm == .withBias ? try w.take("\(p).\(name).body.bias", shape: [c]) : nil
            return (weight, shift)
        }
        let norm1 = try norm("norm1")
        let norm2 = try norm("norm2")
        temperature = try w.take("\(p).attn.temperature", shape: [heads, 1, 1])
        qkv = try w.conv("\(p).attn.qkv", out: 3 * c, in: c, kernel: 1, bias: bias).foldingInputAffine(scale: norm1.0, shift: norm1.1)
        qkvDepthwise = try w.depthwise("\(p).attn.qkv_dwconv", channels: 3 * c, bias: bias)
        projectOut = try w.conv("\(p).attn.project_out", out: c, in: c, kernel: 1, bias: bias)
        let hidden = w.inChannels("\(p).ffn.project_out") ?? config.hiddenWidth(channels: c)
        projectIn = try w.conv("\(p).ffn.project_in", out: 2 * hidden, in: c, kernel: 1, bias: bias)
            .foldingInputAffine(scale: norm2.0, shift: norm2.1)
        ffnDepthwise = try w.depthwise("\(p).ffn.dwconv", channels: 2 * hidden, bias: bias)
        ffnOut = try w.conv("\(p).ffn.project_out", out: c, in: hidden, kernel: 1, bias: bias)
    }

    private func normalized(_ x: PlanarMap) -> PlanarMap {
        ChannelOps.layerNorm(x, eps: 1e-5, centered: layerNorm == .withBias)
    }

    func callAsFunction(_ input: PlanarMap) -> PlanarMap {
        var x = input
        attention(normalized(x), into: &x)
        let hidden = ffnDepthwise.gated(projectIn(normalized(x)), gate: .geluProduct)
        ffnOut.apply(hidden, into: &x, accumulate: true)
        return x
    }

    /// out += project_out(MDTA(xhat)).
    private func attention(_ xhat: PlanarMap, into out: inout PlanarMap) {
        let c = channels
        let qkvMap = qkvDepthwise(qkv(xhat))
        let n = qkvMap.planeSize
        let ch = c / heads
        var blockDiagonal = [Float](repeating: 0, count: c * c)
        qkvMap.data.withUnsafeBufferPointer { buffer in
            let q = buffer.baseAddress!
            let k = q + c * n
            var norms = [Float](repeating: 0, count: 2 * c)
            for i in 0..<(2 * c) {
                let row = q + i * n
                var s: Float = 0
                for j in 0..<n { s += row[j] * row[j] }
                norms[i] = max(s.squareRoot(), 1e-12)
            }
            var logits = [Float](repeating: 0, count: ch * ch)
            for head in 0..<heads {
                let first = head * ch
                logits.withUnsafeMutableBufferPointer { g in
                    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, Int32(ch), Int32(ch), Int32(n), 1,
                                q + first * n, Int32(n), k + first * n, Int32(n), 0, g.baseAddress, Int32(ch))
                }
                for i in 0..<ch {
                    var row = [Float](repeating: 0, count: ch)
                    var top = -Float.infinity
                    for j in 0..<ch {
                        row[j] = logits[i * ch + j] / (norms[first + i] * norms[c + first + j]) * temperature[head]
                        top = max(top, row[j])
                    }
                    var total: Float = 0
                    for j in 0..<ch {
                        row[j] = Foundation.exp(row[j] - top)
                        total += row[j]
                    }
                    for j in 0..<ch { blockDiagonal[(first + i) * c + first + j] = row[j] / total }
                }
            }
        }
        // project_out · blockdiag(attn): one c x c product, then one GEMM over v.
        var fused = [Float](repeating: 0, count: c * c)
        projectOut.weight.withUnsafeBufferPointer { wp in
            blockDiagonal.withUnsafeBufferPointer { a in
                fused.withUnsafeMutableBufferPointer { f in
                    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(c), Int32(c), Int32(c), 1,
                                wp.baseAddress, Int32(c), a.baseAddress, Int32(c), 0, f.baseAddress, Int32(c))
                }
            }
        }
        let project = DenseConv(pointwise: fused, bias: projectOut.bias, outChannels: c, inChannels: c)
        project.apply(qkvMap.channels(2 * c, count: c), into: &out, accumulate: true)
    }
}
