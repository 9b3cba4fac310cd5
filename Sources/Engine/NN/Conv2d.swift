import CBLAS
import Foundation

/// 2-D convolution over NCHW tensors (cross-correlation, as PyTorch), any kernel, stride,
/// padding (asymmetric allowed), dilation and groups. A 1x1 unit-stride convolution is one
/// GEMM per image; everything else is im2col with the batch folded into the GEMM's N.
public struct Conv2d: Sendable {
    public let weight: Tensor  // [out, in / groups, kh, kw]
    public let bias: Tensor?   // [out]
    public let inChannels: Int, outChannels: Int
    public let kernel: (h: Int, w: Int)
    public let stride: (h: Int, w: Int)
    public let dilation: (h: Int, w: Int)
    /// Zero padding above, left, below and right.
    public let padding: (top: Int, left: Int, bottom: Int, right: Int)
    public let groups: Int

    public init(weight: Tensor, bias: Tensor?, stride: (h: Int, w: Int) = (1, 1),
                padding: (top: Int, left: Int, bottom: Int, right: Int) = (0, 0, 0, 0),
                dilation: (h: Int, w: Int) = (1, 1), groups: Int = 1) throws {
        guard weight.rank == 4, groups >= 1, weight.shape[0] % groups == 0 else {
            throw ModelLoadError.invalidConfig("conv weight \(weight.shape) with \(groups) groups")
        }
        guard stride.h >= 1, stride.w >= 1, dilation.h >= 1, dilation.w >= 1,
              padding.top >= 0, padding.left >= 0, padding.bottom >= 0, padding.right >= 0 else {
            throw ModelLoadError.invalidConfig("conv stride/dilation must be >= 1 and padding >= 0")
        }
        if let bias, bias.shape != [weight.shape[0]] {
            throw ModelLoadError.invalidConfig("conv bias \(bias.shape) for \(weight.shape[0]) outputs")
        }
        self.weight = weight
        self.bias = bias
        self.outChannels = weight.shape[0]
        self.inChannels = weight.shape[1] * groups
        self.kernel = (weight.shape[2], weight.shape[3])
        self.stride = stride
        self.padding = padding
        self.dilation = dilation
        self.groups = groups
    }

    /// Loads `<prefix>.weight` and (if `bias`) `<prefix>.bias`, with symmetric padding.
    public init(_ weights: WeightSource, _ prefix: String, inChannels: Int, outChannels: Int,
                kernel: Int, stride: Int = 1, padding: Int = 0, dilation: Int = 1, groups: Int = 1,
                bias: Bool = true) throws {
        guard groups >= 1, inChannels % groups == 0, outChannels % groups == 0 else {
            throw ModelLoadError.invalidConfig("\(prefix): \(inChannels)->\(outChannels) channels in \(groups) groups")
        }
        let w = try weights.tensor(join(prefix, "weight"), shape: [outChannels, inChannels / groups, kernel, kernel])
        let b = bias ? try weights.tensor(join(prefix, "bias"), shape: [outChannels]) : nil
        try self.init(weight: w, bias: b, stride: (stride, stride),
                      padding: (padding, padding, padding, padding), dilation: (dilation, dilation), groups: groups)
    }

    public func outputSize(height: Int, width: Int) -> (height: Int, width: Int) {
        let h = (height + padding.top + padding.bottom - dilation.h * (kernel.h - 1) - 1) / stride.h + 1
        let w = (width + padding.left + padding.right - dilation.w * (kernel.w - 1) - 1) / stride.w + 1
        return (h, w)
    }

    /// How a convolution is computed; `automatic` takes Winograd F(4x4, 3x3) for 3x3 stride-1
    /// convolutions large enough to profit (unless GENDEG_CONV=im2col), im2col + GEMM otherwise.
    public enum Algorithm: Sendable { case automatic, im2col, winograd }

    static let winogradAllowed = ProcessInfo.processInfo.environment["GENDEG_CONV"] != "im2col"

    public func callAsFunction(_ x: Tensor) -> Tensor { forward(x, algorithm: .automatic) }

    public func forward(_ x: Tensor, algorithm: Algorithm) -> Tensor {
        precondition(x.rank == 4 && x.shape[1] == inChannels, "conv expects [B, \(inChannels), H, W], got \(x.shape)")
        let (batch, height, width) = (x.shape[0], x.shape[2], x.shape[3])
        let (outH, outW) = outputSize(height: height, width: width)
        precondition(outH > 0 && outW > 0, "conv input \(x.shape) smaller than its kernel")
        var y = Tensor(uninitialized: [batch, outChannels, outH, outW])
        let pointwise = kernel == (1, 1) && stride == (1, 1) && padding == (0, 0, 0, 0) && groups == 1
        let winograd: Bool
        switch algorithm {
        case .automatic:
            winograd = Self.winogradAllowed && WinogradF43.supports(self)
                && WinogradF43.isWorthwhile(self, batch: batch, outH: outH, outW: outW)
        case .winograd:
            precondition(WinogradF43.supports(self), "Winograd F(4x4, 3x3) needs a 3x3, stride-1, undilated, ungrouped convolution")
            winograd = true
        case .im2col:
            winograd = false
        }
        x.data.withUnsafeBufferPointer { xp in
            y.data.withUnsafeMutableBufferPointer { yp in
                if winograd {
                    WinogradF43.forward(self, xp.baseAddress!, yp.baseAddress!, batch: batch, height: height, width: width,
                                        outH: outH, outW: outW)
                } else if pointwise {
                    pointwiseForward(xp.baseAddress!, yp.baseAddress!, batch: batch, pixels: height * width)
                } else {
                    im2colForward(xp.baseAddress!, yp.baseAddress!, batch: batch, height: height, width: width,
                                  outH: outH, outW: outW)
                }
            }
        }
        return y
    }

    /// Writes each output row's bias (or zero) so the GEMM can accumulate onto it.
    private func fillBias(_ y: UnsafeMutablePointer<Float>, batch: Int, pixels: Int) {
        let total = batch * outChannels
        Parallel.forChunks(total, grain: max(1, 16384 / max(pixels, 1))) { rows in
            for row in rows {
                let value = bias?.data[row % outChannels] ?? 0
                (y + row * pixels).update(repeating: value, count: pixels)
            }
        }
    }

    private func pointwiseForward(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, batch: Int, pixels: Int) {
        fillBias(y, batch: batch, pixels: pixels)
        weight.data.withUnsafeBufferPointer { w in
            for b in 0..<batch {
                cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(outChannels), Int32(pixels),
                            Int32(inChannels), 1, w.baseAddress, Int32(inChannels),
                            x + b * inChannels * pixels, Int32(pixels), 1, y + b * outChannels * pixels, Int32(pixels))
            }
        }
    }

    /// Floats of im2col columns built at a time on the large-image path: small enough to
    /// stay in cache between being written and being packed by the GEMM.
    private static let columnBudget = 1 << 20

    private func im2colForward(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, batch: Int,
                               height: Int, width: Int, outH: Int, outW: Int) {
        let groupIn = inChannels / groups, groupOut = outChannels / groups
        let k = groupIn * kernel.h * kernel.w
        let pixels = outH * outW
        let geometry = (height: height, width: width, outH: outH, outW: outW)
        weight.data.withUnsafeBufferPointer { w in
            if batch == 1 || pixels >= 4096 {
                // Large images: bands of output rows, one image at a time, GEMM straight into
                // the output (ldc = pixels), so the columns never leave the cache.
                let bandRows = max(1, min(outH, Self.columnBudget / (k * outW)))
                fillBias(y, batch: batch, pixels: pixels)
                ScratchPool.shared.withBuffer(k * bandRows * outW) { columns in
                    for b in 0..<batch {
                        for g in 0..<groups {
                            for firstRow in Swift.stride(from: 0, to: outH, by: bandRows) {
                                let rows = min(bandRows, outH - firstRow), n = rows * outW
                                im2col(x, columns, leading: n, image: b, group: g, groupIn: groupIn,
                                       rows: firstRow..<(firstRow + rows), geometry)
                                cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(groupOut), Int32(n),
                                            Int32(k), 1, w.baseAddress! + g * groupOut * k, Int32(k), columns, Int32(n), 1,
                                            y + (b * outChannels + g * groupOut) * pixels + firstRow * outW, Int32(pixels))
                            }
                        }
                    }
                }
            } else {
                // Small images: fold the batch into the GEMM's N (better shaped products), then
                // scatter the [groupOut, batch * pixels] result to NCHW.
                let n = batch * pixels
                ScratchPool.shared.withBuffer(k * n + groupOut * n) { scratch in
                    let columns = scratch, product = scratch + k * n
                    for g in 0..<groups {
                        for b in 0..<batch {
                            im2col(x, columns + b * pixels, leading: n, image: b, group: g, groupIn: groupIn,
                                   rows: 0..<outH, geometry)
                        }
                        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(groupOut), Int32(n), Int32(k),
                                    1, w.baseAddress! + g * groupOut * k, Int32(k), columns, Int32(n), 0, product, Int32(n))
                        scatter(product, y, group: g, groupOut: groupOut, batch: batch, pixels: pixels)
                    }
                }
            }
        }
    }

    /// Moves a [groupOut, batch * pixels] product into NCHW, adding the bias.
    private func scatter(_ product: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, group: Int,
                         groupOut: Int, batch: Int, pixels: Int) {
        Parallel.forChunks(groupOut * batch, grain: max(1, 16384 / pixels)) { rows in
            for row in rows {
                let (o, b) = row.quotientAndRemainder(dividingBy: batch)
                let channel = group * groupOut + o
                let value = bias?.data[channel] ?? 0
                let src = product + o * batch * pixels + b * pixels
                let dst = y + (b * outChannels + channel) * pixels
                for p in 0..<pixels { dst[p] = src[p] + value }
            }
        }
    }

    /// The patches under output rows `rows` of one image and group: row r of the columns
    /// (input channel, kernel y, kernel x) starts at columns + r * leading.
    private func im2col(_ x: UnsafePointer<Float>, _ columns: UnsafeMutablePointer<Float>, leading: Int, image b: Int,
                        group: Int, groupIn: Int, rows: Range<Int>,
                        _ geometry: (height: Int, width: Int, outH: Int, outW: Int)) {
        let (height, width, _, outW) = geometry
        let (kh, kw) = kernel
        let (sh, sw, dh, dw, pt, pl) = (stride.h, stride.w, dilation.h, dilation.w, padding.top, padding.left)
        let firstChannel = b * inChannels + group * groupIn
        Parallel.forChunks(groupIn * kh * kw, grain: max(1, 8192 / max(rows.count * outW, 1))) { items in
            for row in items {
                let c = row / (kh * kw), ki = (row / kw) % kh, kj = row % kw
                let plane = x + (firstChannel + c) * height * width
                let dstRow = columns + row * leading
                let offset = kj * dw - pl
                for oy in rows {
                    let iy = oy * sh - pt + ki * dh
                    let dst = dstRow + (oy - rows.lowerBound) * outW
                    if iy < 0 || iy >= height {
                        dst.update(repeating: 0, count: outW)
                        continue
                    }
                    let src = plane + iy * width
                    if sw == 1 {
                        let lo = min(outW, max(0, -offset)), hi = max(lo, min(outW, width - offset))
                        if lo > 0 { dst.update(repeating: 0, count: lo) }
                        if hi > lo { (dst + lo).update(from: src + lo + offset, count: hi - lo) }
                        if hi < outW { (dst + hi).update(repeating: 0, count: outW - hi) }
                    } else {
                        for ox in 0..<outW {
                            let ix = ox * sw + offset
                            dst[ox] = ix >= 0 && ix < width ? src[ix] : 0
                        }
                    }
                }
            }
        }
    }
}
