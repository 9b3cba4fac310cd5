import CBLAS
import Foundation

/// A groups = 1 convolution for the restorers. 1x1 stride-1 convolutions are one `cblas_sgemm`
/// that can accumulate onto a residual (fused skip add) and take folded norm/scale parameters;
/// larger kernels run the engine's `Conv2d` (im2col in cache-sized bands).
struct DenseConv: Sendable {
    let outChannels: Int
    let inChannels: Int
    let kernel: Int
    let stride: Int
    let padding: Int
    /// outChannels x (inChannels * kernel * kernel), row-major (torch's weight flattened).
    let weight: [Float]
    let bias: [Float]?
    /// The engine convolution, for anything but 1x1 stride 1.
    private let conv: Conv2d?

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
            conv = nil
        } else {
            conv = try Conv2d(weight: Tensor(shape: [outChannels, inChannels, kernel, kernel], data: weight),
                              bias: bias.map { Tensor(shape: [outChannels], data: $0) }, stride: (stride, stride),
                              padding: (padding, padding, padding, padding))
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
        self.conv = nil
    }

    func outputSize(height: Int, width: Int) -> (height: Int, width: Int) {
        ((height + 2 * padding - kernel) / stride + 1, (width + 2 * padding - kernel) / stride + 1)
    }

    func callAsFunction(_ x: PlanarMap) -> PlanarMap {
        let (oh, ow) = outputSize(height: x.height, width: x.width)
        var out = PlanarMap.uninitialized(channels: outChannels, height: oh, width: ow)
        apply(x, into: &out, accumulate: false)
        return out
    }

    /// out = conv(x) + bias, or out += conv(x) + bias when `accumulate` (a fused residual add).
    func apply(_ x: PlanarMap, into out: inout PlanarMap, accumulate: Bool) {
        precondition(x.channels == inChannels, "conv expects \(inChannels) channels, got \(x.channels)")
        let (oh, ow) = outputSize(height: x.height, width: x.width)
        precondition(out.channels == outChannels && out.height == oh && out.width == ow, "conv output shape mismatch")
        if let conv {
            spatial(conv, x, into: &out, accumulate: accumulate)
        } else {
            pointwise(x, into: &out, accumulate: accumulate)
        }
    }

    private func pointwise(_ x: PlanarMap, into out: inout PlanarMap, accumulate: Bool) {
        let n = x.planeSize
        // Without a bias the GEMM overwrites (beta 0); otherwise it adds onto the bias rows.
        let overwrite = !accumulate && bias == nil
        out.data.withUnsafeMutableBufferPointer { o in
            if let bias {
                for c in 0..<outChannels {
                    let row = o.baseAddress! + c * n
                    if !accumulate {
                        row.update(repeating: bias[c], count: n)
                    } else if bias[c] != 0 {
                        for i in 0..<n { row[i] += bias[c] }
                    }
                }
            }
            weight.withUnsafeBufferPointer { w in
                x.data.withUnsafeBufferPointer { input in
                    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(outChannels), Int32(n), Int32(inChannels),
                                1, w.baseAddress, Int32(inChannels), input.baseAddress, Int32(n), overwrite ? 0 : 1,
                                o.baseAddress, Int32(n))
                }
            }
        }
    }

    private func spatial(_ conv: Conv2d, _ x: PlanarMap, into out: inout PlanarMap, accumulate: Bool) {
        let result = conv(x.tensor)
        if accumulate {
            out.data.withUnsafeMutableBufferPointer { o in
                result.data.withUnsafeBufferPointer { r in
                    for i in 0..<o.count { o[i] += r[i] }
                }
            }
        } else {
            out.tensor = result
        }
    }
}
