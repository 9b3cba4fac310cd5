import CBLAS
import Foundation

/// NAFNet's block (NAFNet_arch.py `NAFBlock`):
///
///     x = conv3(sca(sg(conv2(conv1(norm1(inp))))));  y = inp + beta * x
///     out = y + gamma * conv5(sg(conv4(norm2(y))))
///
/// with LayerNorm2d (eps 1e-6, over channels), SimpleGate (product of the two channel halves)
/// and simplified channel attention (x * conv1x1(avgpool(x))). The norms' affine parameters are
/// folded into conv1/conv4, beta and gamma into conv3/conv5, and the residual adds are fused
/// into the GEMMs; the global attention vector is folded into conv3 per image.
struct NAFBlock: Sendable {
    let channels: Int
    let conv1: DenseConv
    let conv2: DepthwiseConv3x3
    let scaWeight: [Float]
    let scaBias: [Float]
    /// conv3 with beta folded in.
    let conv3: DenseConv
    let conv4: DenseConv
    /// conv5 with gamma folded in.
    let conv5: DenseConv
    /// TLC pooling window, nil for global pooling.
    let localKernel: Int?

    init(_ w: WeightLoader, prefix p: String, channels c: Int, localKernel: Int?) throws {
        channels = c
        self.localKernel = localKernel
        let dw = w.outChannels(p + ".conv1") ?? 2 * c
        let ffn = w.outChannels(p + ".conv4") ?? 2 * c
        guard dw % 2 == 0, ffn % 2 == 0 else {
            throw ModelLoadError.unsupportedConfig("\(w.source): \(p) has odd expansion widths \(dw), \(ffn)")
        }
        let norm1 = (try w.take(p + ".norm1.weight", shape: [c]), try w.take(p + ".norm1.bias", shape: [c]))
        let norm2 = (try w.take(p + ".norm2.weight", shape: [c]), try w.take(p + ".norm2.bias", shape: [c]))
        conv1 = try w.conv(p + ".conv1", out: dw, in: c, kernel: 1, bias: true).foldingInputAffine(scale: norm1.0, shift: norm1.1)
        conv2 = try w.depthwise(p + ".conv2", channels: dw, bias: true)
        scaWeight = try w.take(p + ".sca.1.weight", shape: [dw / 2, dw / 2, 1, 1])
        scaBias = try w.take(p + ".sca.1.bias", shape: [dw / 2])
        let beta = try w.take(p + ".beta", shape: [1, c, 1, 1])
        let gamma = try w.take(p + ".gamma", shape: [1, c, 1, 1])
        conv3 = try w.conv(p + ".conv3", out: c, in: dw / 2, kernel: 1, bias: true).scalingOutputs(beta)
        conv4 = try w.conv(p + ".conv4", out: ffn, in: c, kernel: 1, bias: true).foldingInputAffine(scale: norm2.0, shift: norm2.1)
        conv5 = try w.conv(p + ".conv5", out: c, in: ffn / 2, kernel: 1, bias: true).scalingOutputs(gamma)
    }

    func callAsFunction(_ input: PlanarMap) -> PlanarMap {
        var gated = conv2.gated(conv1(ChannelOps.layerNorm(input, eps: 1e-6, centered: true)), gate: .product)
        var y = input
        if let k = localKernel, k < gated.height || k < gated.width {
            ChannelOps.multiply(&gated, by: localAttention(gated, kernel: k))
            conv3.apply(gated, into: &y, accumulate: true)
        } else {
            conv3FoldingAttention(ChannelOps.channelMeans(gated)).apply(gated, into: &y, accumulate: true)
        }
        let hidden = ChannelOps.halvesProduct(conv4(ChannelOps.layerNorm(y, eps: 1e-6, centered: true)))
        conv5.apply(hidden, into: &y, accumulate: true)
        return y
    }

    /// conv3 · diag(sca(mean)): the attention scales the input channels of conv3.
    private func conv3FoldingAttention(_ means: [Float]) -> DenseConv {
        let n = means.count
        var scale = scaBias
        for o in 0..<n {
            var s = scale[o]
            for i in 0..<n { s += scaWeight[o * n + i] * means[i] }
            scale[o] = s
        }
        return conv3.foldingInputAffine(scale: scale, shift: nil)
    }

    /// TLC: the attention vector per pixel from a box average of `kernel` (clipped to the map),
    /// computed where the window fits and replicated outward (local_arch.py `AvgPool2d`).
    private func localAttention(_ x: PlanarMap, kernel: Int) -> PlanarMap {
        let (h, w) = (x.height, x.width)
        let (k1, k2) = (min(h, kernel), min(w, kernel))
        let (oh, ow) = (h - k1 + 1, w - k2 + 1)
        let (top, left) = ((h - oh) / 2, (w - ow) / 2)
        var pooled = PlanarMap.uninitialized(channels: x.channels, height: h, width: w)
        let plane = x.planeSize
        let norm = 1 / Float(k1 * k2)
        x.data.withUnsafeBufferPointer { input in
            pooled.data.withUnsafeMutableBufferPointer { out in
                let (src, dst) = (input.baseAddress!, out.baseAddress!)
                Parallel.forChunks(x.channels, grain: 1) { range in
                    var integral = [Double](repeating: 0, count: (h + 1) * (w + 1))
                    var window = [Float](repeating: 0, count: oh * ow)
                    for c in range {
                        let s = src + c * plane
                        for y in 0..<h {
                            var run: Double = 0
                            for xx in 0..<w {
                                run += Double(s[y * w + xx])
                                integral[(y + 1) * (w + 1) + xx + 1] = integral[y * (w + 1) + xx + 1] + run
                            }
                        }
                        for y in 0..<oh {
                            for xx in 0..<ow {
                                let a = integral[(y + k1) * (w + 1) + xx + k2] + integral[y * (w + 1) + xx]
                                let b = integral[y * (w + 1) + xx + k2] + integral[(y + k1) * (w + 1) + xx]
                                window[y * ow + xx] = Float(a - b) * norm
                            }
                        }
                        let d = dst + c * plane
                        for y in 0..<h {
                            let sy = min(max(y - top, 0), oh - 1)
                            for xx in 0..<w {
                                d[y * w + xx] = window[sy * ow + min(max(xx - left, 0), ow - 1)]
                            }
                        }
                    }
                }
            }
        }
        let sca = DenseConv(pointwise: scaWeight, bias: scaBias, outChannels: x.channels, inChannels: x.channels)
        return sca(pooled)
    }
}

extension ChannelOps {
    /// SimpleGate: the first half of the channels times the second half.
    static func halvesProduct(_ x: PlanarMap) -> PlanarMap {
        precondition(x.channels % 2 == 0)
        let half = x.channels / 2
        let n = half * x.planeSize
        var out = PlanarMap.uninitialized(channels: half, height: x.height, width: x.width)
        x.data.withUnsafeBufferPointer { input in
            out.data.withUnsafeMutableBufferPointer { o in
                let (a, b, d) = (input.baseAddress!, input.baseAddress! + n, o.baseAddress!)
                Parallel.forChunks(n, grain: 1 << 14) { range in
                    for i in range { d[i] = a[i] * b[i] }
                }
            }
        }
        return out
    }
}
