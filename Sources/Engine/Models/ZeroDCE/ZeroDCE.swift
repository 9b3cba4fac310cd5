import Foundation

/// Zero-DCE / Zero-DCE++ (Guo et al. 2020, Li et al. 2021): a 7-layer CNN predicts per-pixel
/// curve parameters r in [-1, 1] (tanh) and the image is brightened by iterating the quadratic
/// light-enhancement curve x <- x + r (x^2 - x).
struct ZeroDCE: LearnedNetwork {
    /// A 3x3 convolution, plain or depthwise-separable (Zero-DCE++'s `CSDN_Tem`).
    enum Layer: Sendable {
        case dense(DenseConv)
        case separable(DepthwiseConv3x3, DenseConv)

        func callAsFunction(_ x: PlanarMap) -> PlanarMap {
            switch self {
            case .dense(let conv): return conv(x)
            case .separable(let depthwise, let pointwise): return pointwise(depthwise(x))
            }
        }
    }

    let config: ZeroDCEConfig
    let layers: [Layer]

    init(_ w: WeightLoader, config: ZeroDCEConfig) throws {
        self.config = config
        let f = 32
        let curveChannels = config.variant == .zeroDCEPlusPlus ? 3 : 3 * config.iterations
        let inputs = [3, f, f, f, 2 * f, 2 * f, 2 * f]
        let outputs = [f, f, f, f, f, f, curveChannels]
        layers = try (0..<7).map { i in
            switch config.variant {
            case .zeroDCE:
                return .dense(try w.conv("e_conv\(i + 1)", out: outputs[i], in: inputs[i], kernel: 3, padding: 1, bias: true))
            case .neuroLowLight:
                return .dense(try w.conv("dce_net.conv\(i + 1)", out: outputs[i], in: inputs[i], kernel: 3, padding: 1, bias: true))
            case .zeroDCEPlusPlus:
                return .separable(try w.depthwise("e_conv\(i + 1).depth_conv", channels: inputs[i], bias: true),
                                  try w.conv("e_conv\(i + 1).point_conv", out: outputs[i], in: inputs[i], kernel: 1, bias: true))
            }
        }
        try w.checkAllUsed(architecture: "Zero-DCE (\(config.variant.rawValue))")
    }

    /// Zero-DCE++ with a scale factor s > 1 follows the official lowlight_test.py, which crops the
    /// image to the largest multiple of s before the model runs: the curves are estimated on the
    /// 1/s copy (which only sees the cropped part) and upsampled by s with align_corners, as
    /// `nn.UpsamplingBilinear2d` does, so the cropped region is exactly the official result. The
    /// official code gives no output beyond the crop (its model fails on such sizes); there the
    /// curve of the nearest cropped pixel applies, so the image keeps its size.
    func run(_ input: PlanarMap) -> PlanarMap {
        let scale = config.variant == .zeroDCEPlusPlus ? max(1, min(config.scaleFactor, input.height, input.width)) : 1
        guard scale > 1 else { return enhance(input, curves: curveMaps(input)) }
        let small = Bilinear.downscale(input, by: scale)
        let curves = Bilinear.resizeAlignCorners(curveMaps(small), height: small.height * scale, width: small.width * scale)
        return enhance(input, curves: curves.padded(height: input.height, width: input.width, mode: .replicate))
    }

    private func curveMaps(_ x: PlanarMap) -> PlanarMap {
        func relu(_ m: PlanarMap) -> PlanarMap {
            var m = m
            m.data.withUnsafeMutableBufferPointer { p in for i in 0..<p.count { p[i] = max(p[i], 0) } }
            return m
        }
        let x1 = relu(layers[0](x))
        let x2 = relu(layers[1](x1))
        let x3 = relu(layers[2](x2))
        let x4 = relu(layers[3](x3))
        // The neuro-low-light model concatenates in the opposite order.
        let reversed = config.variant == .neuroLowLight
        let x5 = relu(layers[4](reversed ? x4.concatenated(with: x3) : x3.concatenated(with: x4)))
        let x6 = relu(layers[5](reversed ? x5.concatenated(with: x2) : x2.concatenated(with: x5)))
        var r = layers[6](reversed ? x6.concatenated(with: x1) : x1.concatenated(with: x6))
        r.data.withUnsafeMutableBufferPointer { p in for i in 0..<p.count { p[i] = Foundation.tanh(p[i]) } }
        return r
    }

    private func enhance(_ input: PlanarMap, curves: PlanarMap) -> PlanarMap {
        var x = input
        let n = 3 * input.planeSize
        let shared = config.variant == .zeroDCEPlusPlus
        let clamps = config.variant == .neuroLowLight
        x.data.withUnsafeMutableBufferPointer { image in
            curves.data.withUnsafeBufferPointer { r in
                for iteration in 0..<config.iterations {
                    let curve = r.baseAddress! + (shared ? 0 : iteration * n)
                    if clamps {
                        for i in 0..<n { image[i] = min(max(image[i] - curve[i] * (image[i] * (1 - image[i])), 0), 1) }
                    } else {
                        for i in 0..<n { image[i] = image[i] + curve[i] * (image[i] * image[i] - image[i]) }
                    }
                }
            }
        }
        return x
    }

    var tiling: TilingTraits {
        if config.variant == .zeroDCEPlusPlus && config.scaleFactor > 1 {
            return TilingTraits(bytesPerPixel: 64, overlap: 4 * config.scaleFactor, multiple: config.scaleFactor, localOnly: false)
        }
        // Seven 3x3 convs see 7 pixels each way: a 16-pixel overlap makes tiles exact.
        return TilingTraits(bytesPerPixel: 4 * (7 * 32 + 3 * 64 + 3 * config.iterations + 6), overlap: 16, multiple: 1, localOnly: true)
    }
}

/// Bilinear resampling as torch's `F.interpolate(mode="bilinear")`.
enum Bilinear {
    /// Output floor(size / factor) with align_corners=False and the given factor as the scale,
    /// as `F.interpolate(x, scale_factor=1/factor)` computes it.
    static func downscale(_ x: PlanarMap, by factor: Int) -> PlanarMap {
        let (oh, ow) = (x.height / factor, x.width / factor)
        let f = Float(factor)
        return resample(x, height: oh, width: ow) { dst, _, _ in max(0, (Float(dst) + 0.5) * f - 0.5) }
    }

    /// align_corners=True to an exact size (nn.UpsamplingBilinear2d).
    static func resizeAlignCorners(_ x: PlanarMap, height: Int, width: Int) -> PlanarMap {
        resample(x, height: height, width: width) { dst, inSize, outSize in
            outSize > 1 ? Float(dst) * Float(inSize - 1) / Float(outSize - 1) : 0
        }
    }

    private static func resample(_ x: PlanarMap, height oh: Int, width ow: Int,
                                 source: (Int, Int, Int) -> Float) -> PlanarMap {
        func taps(_ outSize: Int, _ inSize: Int) -> [(Int, Int, Float)] {
            (0..<outSize).map { d in
                let s = source(d, inSize, outSize)
                let i0 = min(Int(s), inSize - 1)
                let i1 = i0 < inSize - 1 ? i0 + 1 : i0
                return (i0, i1, s - Float(i0))
            }
        }
        let rows = taps(oh, x.height)
        let cols = taps(ow, x.width)
        var out = PlanarMap.uninitialized(channels: x.channels, height: oh, width: ow)
        x.data.withUnsafeBufferPointer { input in
            out.data.withUnsafeMutableBufferPointer { o in
                for c in 0..<x.channels {
                    let plane = input.baseAddress! + c * x.planeSize
                    for (y, (y0, y1, ly)) in rows.enumerated() {
                        for (xx, (x0, x1, lx)) in cols.enumerated() {
                            let top = (1 - lx) * plane[y0 * x.width + x0] + lx * plane[y0 * x.width + x1]
                            let bottom = (1 - lx) * plane[y1 * x.width + x0] + lx * plane[y1 * x.width + x1]
                            o[(c * oh + y) * ow + xx] = (1 - ly) * top + ly * bottom
                        }
                    }
                }
            }
        }
        return out
    }
}
