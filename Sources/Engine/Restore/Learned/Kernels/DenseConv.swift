import CBLAS
import Foundation

/// A groups = 1 convolution with zero padding, as im2col + `cblas_sgemm`. The im2col matrix is
/// built for a band of output rows at a time, so memory stays bounded on large images; 1x1
/// stride-1 convolutions skip im2col and multiply the input directly.
struct DenseConv {
    let outChannels: Int
    let inChannels: Int
    let kernel: Int
    let stride: Int
    let padding: Int
    /// outChannels x (inChannels * kernel * kernel), row-major (torch's weight flattened).
    var weight: [Float]
    var bias: [Float]?

    /// Floats the im2col buffer of one band may hold.
    static let bandFloats = 1 << 22

    init(outChannels: Int, inChannels: Int, kernel: Int, stride: Int = 1, padding: Int = 0,
         weight: [Float], bias: [Float]?) {
        precondition(weight.count == outChannels * inChannels * kernel * kernel, "conv weight size mismatch")
        precondition(bias == nil || bias!.count == outChannels, "conv bias size mismatch")
        self.outChannels = outChannels
        self.inChannels = inChannels
        self.kernel = kernel
        self.stride = stride
        self.padding = padding
        self.weight = weight
        self.bias = bias
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
        let outPlane = oh * ow
        out.data.withUnsafeMutableBufferPointer { o in
            if let bias {
                for c in 0..<outChannels {
                    let b = bias[c]
                    let base = o.baseAddress! + c * outPlane
                    if accumulate {
                        for i in 0..<outPlane { base[i] += b }
                    } else {
                        for i in 0..<outPlane { base[i] = b }
                    }
                }
            } else if !accumulate {
                o.update(repeating: 0)
            }
        }
        let k = inChannels * kernel * kernel
        if kernel == 1 && stride == 1 && padding == 0 {
            weight.withUnsafeBufferPointer { w in
                x.data.withUnsafeBufferPointer { input in
                    out.data.withUnsafeMutableBufferPointer { o in
                        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(outChannels), Int32(outPlane), Int32(k),
                                    1, w.baseAddress, Int32(k), input.baseAddress, Int32(outPlane), 1,
                                    o.baseAddress, Int32(outPlane))
                    }
                }
            }
            return
        }
        let rowsPerBand = max(1, min(oh, Self.bandFloats / max(1, k * ow)))
        var columns = [Float](repeating: 0, count: k * rowsPerBand * ow)
        var y0 = 0
        while y0 < oh {
            let rows = min(rowsPerBand, oh - y0)
            let n = rows * ow
            fillColumns(x, firstRow: y0, rows: rows, outWidth: ow, into: &columns)
            weight.withUnsafeBufferPointer { w in
                columns.withUnsafeBufferPointer { col in
                    out.data.withUnsafeMutableBufferPointer { o in
                        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(outChannels), Int32(n), Int32(k),
                                    1, w.baseAddress, Int32(k), col.baseAddress, Int32(n), 1,
                                    o.baseAddress! + y0 * ow, Int32(outPlane))
                    }
                }
            }
            y0 += rows
        }
    }

    /// Row (ci, ky, kx) of the band's im2col matrix holds input[ci, oy*s - p + ky, ox*s - p + kx].
    private func fillColumns(_ x: PlanarMap, firstRow: Int, rows: Int, outWidth ow: Int, into columns: inout [Float]) {
        let n = rows * ow
        let (h, w, s, p, kk) = (x.height, x.width, stride, padding, kernel)
        let plane = x.planeSize
        x.data.withUnsafeBufferPointer { input in
            columns.withUnsafeMutableBufferPointer { col in
                let colBase = col.baseAddress!
                parallelRanges(inChannels) { channels in
                    for ci in channels {
                        let src = input.baseAddress! + ci * plane
                        for ky in 0..<kk {
                            for kx in 0..<kk {
                                let row = colBase + ((ci * kk + ky) * kk + kx) * n
                                for r in 0..<rows {
                                    let iy = (firstRow + r) * s - p + ky
                                    let dst = row + r * ow
                                    if iy < 0 || iy >= h {
                                        dst.update(repeating: 0, count: ow)
                                        continue
                                    }
                                    let srcRow = src + iy * w
                                    if s == 1 {
                                        let first = min(ow, max(0, p - kx))
                                        let last = max(first, min(ow, w + p - kx))
                                        if first > 0 { dst.update(repeating: 0, count: first) }
                                        if last > first { (dst + first).update(from: srcRow + (first - p + kx), count: last - first) }
                                        if last < ow { (dst + last).update(repeating: 0, count: ow - last) }
                                    } else {
                                        for ox in 0..<ow {
                                            let ix = ox * s - p + kx
                                            dst[ox] = (ix >= 0 && ix < w) ? srcRow[ix] : 0
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
