import CBLAS
import Foundation

/// A groups = 1 convolution for the restorers. 1x1 stride-1 convolutions are one `cblas_sgemm`
/// that can accumulate onto a residual (fused skip add) and take folded norm/scale parameters;
/// larger kernels run the engine's `Conv2d` over bands of output rows, so the im2col buffer stays
/// bounded on large images.
struct DenseConv: Sendable {
    let outChannels: Int
    let inChannels: Int
    let kernel: Int
    let stride: Int
    let padding: Int
    /// outChannels x (inChannels * kernel * kernel), row-major (torch's weight flattened).
    let weight: [Float]
    let bias: [Float]?
    /// For kernel > 1: the convolution with padding on [top and bottom, top only, bottom only, neither].
    private let bands: [Conv2d]

    /// Floats the im2col buffer of one band may hold.
    static let bandFloats = 1 << 22

    init(outChannels: Int, inChannels: Int, kernel: Int, stride: Int = 1, padding: Int = 0,
         weight: [Float], bias: [Float]?) throws {
        guard weight.count == outChannels * inChannels * kernel * kernel, bias == nil || bias!.count == outChannels else {
            throw ModelLoadError.invalidConfig("conv \(inChannels)->\(outChannels) k\(kernel): weight or bias size mismatch")
        }
        self.outChannels = outChannels
        self.inChannels = inChannels
        self.kernel = kernel
        self.stride = stride
        self.padding = padding
        self.weight = weight
        self.bias = bias
        if kernel == 1 && stride == 1 && padding == 0 {
            bands = []
        } else {
            let w = Tensor(shape: [outChannels, inChannels, kernel, kernel], data: weight)
            let b = bias.map { Tensor(shape: [outChannels], data: $0) }
            let p = padding
            bands = try [(p, p), (p, 0), (0, p), (0, 0)].map { top, bottom in
                try Conv2d(weight: w, bias: b, stride: (stride, stride), padding: (top, p, bottom, p))
            }
        }
    }

    /// A 1x1 convolution from already-validated parameters (folded weights).
    init(pointwise weight: [Float], bias: [Float]?, outChannels: Int, inChannels: Int) {
        precondition(weight.count == outChannels * inChannels && (bias == nil || bias!.count == outChannels))
        self.outChannels = outChannels
        self.inChannels = inChannels
        self.kernel = 1
        self.stride = 1
        self.padding = 0
        self.weight = weight
        self.bias = bias
        self.bands = []
    }

    func outputSize(height: Int, width: Int) -> (height: Int, width: Int) {
        ((height + 2 * padding - kernel) / stride + 1, (width + 2 * padding - kernel) / stride + 1)
    }

    func callAsFunction(_ x: PlanarMap) -> PlanarMap {
        let (oh, ow) = outputSize(height: x.height, width: x.width)
        var out = PlanarMap(channels: outChannels, height: oh, width: ow)
        apply(x, into: &out, accumulate: false)
        return out
    }

    /// out = conv(x) + bias, or out += conv(x) + bias when `accumulate` (a fused residual add).
    func apply(_ x: PlanarMap, into out: inout PlanarMap, accumulate: Bool) {
        precondition(x.channels == inChannels, "conv expects \(inChannels) channels, got \(x.channels)")
        let (oh, ow) = outputSize(height: x.height, width: x.width)
        precondition(out.channels == outChannels && out.height == oh && out.width == ow, "conv output shape mismatch")
        if bands.isEmpty {
            pointwise(x, into: &out, accumulate: accumulate)
        } else {
            banded(x, into: &out, accumulate: accumulate)
        }
    }

    private func pointwise(_ x: PlanarMap, into out: inout PlanarMap, accumulate: Bool) {
        let n = x.planeSize
        out.data.withUnsafeMutableBufferPointer { o in
            for c in 0..<outChannels {
                let row = o.baseAddress! + c * n
                let b = bias?[c] ?? 0
                if !accumulate {
                    row.update(repeating: b, count: n)
                } else if b != 0 {
                    for i in 0..<n { row[i] += b }
                }
            }
            weight.withUnsafeBufferPointer { w in
                x.data.withUnsafeBufferPointer { input in
                    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(outChannels), Int32(n), Int32(inChannels),
                                1, w.baseAddress, Int32(inChannels), input.baseAddress, Int32(n), 1, o.baseAddress, Int32(n))
                }
            }
        }
    }

    /// Output rows [y0, y0 + rows) need input rows [y0 s - p, (y0 + rows - 1) s - p + k); the band
    /// is cut from the input and convolved with padding only at the image's top and bottom.
    private func banded(_ x: PlanarMap, into out: inout PlanarMap, accumulate: Bool) {
        let (oh, ow) = outputSize(height: x.height, width: x.width)
        let k = inChannels * kernel * kernel
        let rowsPerBand = max(1, min(oh, Self.bandFloats / max(1, k * ow)))
        var y0 = 0
        while y0 < oh {
            let rows = min(rowsPerBand, oh - y0)
            let first = y0 * stride - padding
            let last = (y0 + rows - 1) * stride - padding + kernel
            let (top, bottom) = (first < 0, last > x.height)
            let conv = bands[top ? (bottom ? 0 : 1) : (bottom ? 2 : 3)]
            let (from, to) = (max(0, first), min(x.height, last))
            let input: Tensor
            if from == 0 && to == x.height {
                input = Tensor(shape: [1, inChannels, x.height, x.width], data: x.data)
            } else {
                var slice = [Float](repeating: 0, count: inChannels * (to - from) * x.width)
                let (plane, band) = (x.planeSize, (to - from) * x.width)
                x.data.withUnsafeBufferPointer { src in
                    slice.withUnsafeMutableBufferPointer { dst in
                        for c in 0..<inChannels {
                            (dst.baseAddress! + c * band).update(from: src.baseAddress! + c * plane + from * x.width, count: band)
                        }
                    }
                }
                input = Tensor(shape: [1, inChannels, to - from, x.width], data: slice)
            }
            let result = conv(input)
            precondition(result.shape == [1, outChannels, rows, ow], "band convolution produced \(result.shape)")
            let (outPlane, band) = (oh * ow, rows * ow)
            result.data.withUnsafeBufferPointer { r in
                out.data.withUnsafeMutableBufferPointer { o in
                    for c in 0..<outChannels {
                        let dst = o.baseAddress! + c * outPlane + y0 * ow
                        let src = r.baseAddress! + c * band
                        if accumulate {
                            for i in 0..<band { dst[i] += src[i] }
                        } else {
                            dst.update(from: src, count: band)
                        }
                    }
                }
            }
            y0 += rows
        }
    }
}
