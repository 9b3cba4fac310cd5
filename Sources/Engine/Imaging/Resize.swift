import Foundation

/// Separable resampling with the same filter geometry as Pillow's `Image.resize`
/// (antialiased when shrinking: the filter support widens by the scale factor).
public enum Resampling {
    case lanczos3
    case bilinear

    var support: Double {
        switch self {
        case .lanczos3: return 3
        case .bilinear: return 1
        }
    }

    func weight(_ x: Double) -> Double {
        switch self {
        case .lanczos3:
            if x == 0 { return 1 }
            if abs(x) >= 3 { return 0 }
            let px = Double.pi * x
            return 3 * sin(px) * sin(px / 3) / (px * px)
        case .bilinear:
            let a = abs(x)
            return a < 1 ? 1 - a : 0
        }
    }
}

/// Precomputed taps for one axis: for each output index, the first input index and its weights.
struct ResampleTaps {
    let starts: [Int]
    let counts: [Int]
    let weights: [Float]
    let stride: Int

    init(inputSize: Int, outputSize: Int, filter: Resampling) {
        let scale = Double(inputSize) / Double(outputSize)
        let filterScale = max(scale, 1)
        let support = filter.support * filterScale
        stride = Int(ceil(support)) * 2 + 1
        var starts = [Int](repeating: 0, count: outputSize)
        var counts = [Int](repeating: 0, count: outputSize)
        var weights = [Float](repeating: 0, count: outputSize * stride)
        for i in 0..<outputSize {
            let center = (Double(i) + 0.5) * scale
            let lo = max(Int(center - support + 0.5), 0)
            let hi = min(Int(center + support + 0.5), inputSize)
            var taps = [Double]()
            var total = 0.0
            for j in lo..<hi {
                let w = filter.weight((Double(j) - center + 0.5) / filterScale)
                taps.append(w)
                total += w
            }
            starts[i] = lo
            counts[i] = taps.count
            for (k, w) in taps.enumerated() { weights[i * stride + k] = Float(total != 0 ? w / total : 0) }
        }
        self.starts = starts
        self.counts = counts
        self.weights = weights
    }
}

extension RGBImage {
    /// Resizes to exactly `width` x `height` (aspect ratio is the caller's business).
    public func resized(width newWidth: Int, height newHeight: Int, filter: Resampling = .lanczos3) -> RGBImage {
        if newWidth == width && newHeight == height { return self }
        let horizontal = ResampleTaps(inputSize: width, outputSize: newWidth, filter: filter)
        let vertical = ResampleTaps(inputSize: height, outputSize: newHeight, filter: filter)
        var middle = [Float](repeating: 0, count: 3 * height * newWidth)
        var output = [Float](repeating: 0, count: 3 * newHeight * newWidth)
        let (w, h) = (width, height)
        pixels.withUnsafeBufferPointer { src in
            middle.withUnsafeMutableBufferPointer { mid in
                horizontal.weights.withUnsafeBufferPointer { wts in
                    for row in 0..<(3 * h) {
                        let srcRow = row * w
                        let dstRow = row * newWidth
                        for x in 0..<newWidth {
                            let start = horizontal.starts[x]
                            let base = x * horizontal.stride
                            var sum: Float = 0
                            for k in 0..<horizontal.counts[x] { sum += src[srcRow + start + k] * wts[base + k] }
                            mid[dstRow + x] = sum
                        }
                    }
                }
            }
        }
        middle.withUnsafeBufferPointer { mid in
            output.withUnsafeMutableBufferPointer { dst in
                vertical.weights.withUnsafeBufferPointer { wts in
                    for c in 0..<3 {
                        let srcPlane = c * h * newWidth
                        let dstPlane = c * newHeight * newWidth
                        for y in 0..<newHeight {
                            let start = vertical.starts[y]
                            let base = y * vertical.stride
                            let dstRow = dstPlane + y * newWidth
                            for x in 0..<newWidth { dst[dstRow + x] = 0 }
                            for k in 0..<vertical.counts[y] {
                                let weight = wts[base + k]
                                let srcRow = srcPlane + (start + k) * newWidth
                                for x in 0..<newWidth { dst[dstRow + x] += mid[srcRow + x] * weight }
                            }
                        }
                    }
                }
            }
        }
        return RGBImage(width: newWidth, height: newHeight, pixels: output)
    }

    /// Scales so that the image fits in `maxWidth` x `maxHeight`, keeping the aspect ratio.
    public func fitted(maxWidth: Int, maxHeight: Int, filter: Resampling = .lanczos3) -> RGBImage {
        let scale = min(Double(maxWidth) / Double(width), Double(maxHeight) / Double(height))
        let w = max(1, Int((Double(width) * scale).rounded()))
        let h = max(1, Int((Double(height) * scale).rounded()))
        return resized(width: min(w, maxWidth), height: min(h, maxHeight), filter: filter)
    }

    /// Rounds every sample to the nearest of 256 levels, as an 8-bit file would store it.
    public func quantized8() -> RGBImage {
        mapped { (min(max($0, 0), 1) * 255).rounded() / 255 }
    }
}
