/// 2-D convolution of an image with a small kernel, skipping zero taps (motion-blur
/// kernels are thin curves, mostly zeros). Borders repeat the edge pixels.
enum KernelConvolution {
    /// out(p) = sum over kernel offsets k of K(k) * in(p - k), offsets measured from the
    /// kernel's center (the usual PSF convolution, so the kernel is not flipped by callers).
    static func convolve(_ image: RGBImage, with kernel: BlurKernel) -> RGBImage {
        let size = kernel.size, radius = size / 2
        var taps: [(dy: Int, dx: Int, weight: Float)] = []
        for ky in 0..<size {
            for kx in 0..<size where kernel.weights[ky * size + kx] != 0 {
                taps.append((ky - radius, kx - radius, kernel.weights[ky * size + kx]))
            }
        }
        let (w, h) = (image.width, image.height)
        let paddedWidth = w + 2 * radius, paddedHeight = h + 2 * radius
        // in(p - k) for offset k = (dy, dx) sits at padded row y + radius - dy, column x + radius - dx.
        let offsets = taps.map { (radius - $0.dy) * paddedWidth + (radius - $0.dx) }
        let weights = taps.map(\.weight)
        let padded = pad(image, radius: radius)
        var output = [Float](repeating: 0, count: 3 * w * h)
        padded.withUnsafeBufferPointer { source in
            output.withUnsafeMutableBufferPointer { destination in
                offsets.withUnsafeBufferPointer { offsets in
                    weights.withUnsafeBufferPointer { weights in
                        let src = source.baseAddress!, dst = destination.baseAddress!
                        Parallel.forFixedChunks(3 * h, grain: 16) { rows in
                            for row in rows {
                                let plane = row / h, y = row % h
                                convolveRow(input: src + plane * paddedWidth * paddedHeight + y * paddedWidth,
                                            output: dst + plane * w * h + y * w, width: w,
                                            offsets: offsets, weights: weights)
                            }
                        }
                    }
                }
            }
        }
        return RGBImage(width: w, height: h, pixels: output)
    }

    /// One output row, in tiles short enough to stay in the L1 cache while the taps add their
    /// shifted input rows, four taps per sweep (so each output is loaded and stored a quarter
    /// as often; the loops vectorize).
    private static func convolveRow(input: UnsafePointer<Float>, output: UnsafeMutablePointer<Float>, width: Int,
                                    offsets: UnsafeBufferPointer<Int>, weights: UnsafeBufferPointer<Float>) {
        let tile = 512
        var start = 0
        while start < width {
            let count = min(tile, width - start)
            let out = output + start
            out.initialize(repeating: 0, count: count)
            var t = 0
            while t + 4 <= offsets.count {
                let s0 = input + offsets[t] + start, s1 = input + offsets[t + 1] + start
                let s2 = input + offsets[t + 2] + start, s3 = input + offsets[t + 3] + start
                let w0 = weights[t], w1 = weights[t + 1], w2 = weights[t + 2], w3 = weights[t + 3]
                for x in 0..<count { out[x] += (w0 * s0[x] + w1 * s1[x]) + (w2 * s2[x] + w3 * s3[x]) }
                t += 4
            }
            while t < offsets.count {
                let source = input + offsets[t] + start
                let weight = weights[t]
                for x in 0..<count { out[x] += weight * source[x] }
                t += 1
            }
            start += count
        }
    }

    /// Each plane with `radius` pixels of repeated border on every side.
    private static func pad(_ image: RGBImage, radius: Int) -> [Float] {
        let (w, h) = (image.width, image.height)
        let pw = w + 2 * radius, ph = h + 2 * radius
        var padded = [Float](repeating: 0, count: 3 * pw * ph)
        image.pixels.withUnsafeBufferPointer { src in
            padded.withUnsafeMutableBufferPointer { dst in
                for plane in 0..<3 {
                    for py in 0..<ph {
                        let sy = min(max(py - radius, 0), h - 1)
                        let srcRow = plane * w * h + sy * w
                        let dstRow = plane * pw * ph + py * pw
                        for px in 0..<pw { dst[dstRow + px] = src[srcRow + min(max(px - radius, 0), w - 1)] }
                    }
                }
            }
        }
        return padded
    }
}
