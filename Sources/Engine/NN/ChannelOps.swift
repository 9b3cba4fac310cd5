import Foundation

/// Per-pixel and reshaping operations on feature maps.
enum ChannelOps {
    /// Normalizes each pixel's channel vector: (x - mean) / sqrt(var + eps) when `centered`
    /// (NAFNet's LayerNorm2d, Restormer's WithBias), x / sqrt(var + eps) when not (Restormer's
    /// BiasFree, whose variance is still taken about the mean). The affine weight and bias are
    /// folded into the following 1x1 convolution by the callers.
    static func layerNorm(_ x: PlanarMap, eps: Float, centered: Bool) -> PlanarMap {
        var out = PlanarMap.uninitialized(channels: x.channels, height: x.height, width: x.width)
        let (channels, plane) = (x.channels, x.planeSize)
        let chunk = 512
        x.data.withUnsafeBufferPointer { input in
            out.data.withUnsafeMutableBufferPointer { o in
                let (src, dst) = (input.baseAddress!, o.baseAddress!)
                let chunks = (plane + chunk - 1) / chunk
                Parallel.forChunks(chunks, grain: 1) { range in
                    var mean = [Float](repeating: 0, count: chunk)
                    var variance = [Float](repeating: 0, count: chunk)
                    mean.withUnsafeMutableBufferPointer { m in
                        variance.withUnsafeMutableBufferPointer { v in
                            for block in range {
                                let p0 = block * chunk
                                let n = min(chunk, plane - p0)
                                for i in 0..<n { m[i] = 0; v[i] = 0 }
                                for c in 0..<channels {
                                    let row = src + c * plane + p0
                                    for i in 0..<n { m[i] += row[i] }
                                }
                                let inverseCount = 1 / Float(channels)
                                for i in 0..<n { m[i] *= inverseCount }
                                for c in 0..<channels {
                                    let row = src + c * plane + p0
                                    for i in 0..<n {
                                        let d = row[i] - m[i]
                                        v[i] += d * d
                                    }
                                }
                                for i in 0..<n { v[i] = 1 / (v[i] * inverseCount + eps).squareRoot() }
                                if !centered { for i in 0..<n { m[i] = 0 } }
                                for c in 0..<channels {
                                    let row = src + c * plane + p0
                                    let outRow = dst + c * plane + p0
                                    for i in 0..<n { outRow[i] = (row[i] - m[i]) * v[i] }
                                }
                            }
                        }
                    }
                }
            }
        }
        return out
    }

    /// torch.nn.PixelShuffle(2): [4C, H, W] -> [C, 2H, 2W], out[c, 2y+i, 2x+j] = in[4c + 2i + j, y, x].
    /// When `adding` is given, the result is added to it (the skip connection that follows).
    static func pixelShuffle2(_ x: PlanarMap, adding skip: PlanarMap? = nil) -> PlanarMap {
        precondition(x.channels % 4 == 0)
        let (c, h, w) = (x.channels / 4, x.height, x.width)
        var out = skip ?? PlanarMap(channels: c, height: 2 * h, width: 2 * w)
        precondition(out.channels == c && out.height == 2 * h && out.width == 2 * w, "skip connection shape mismatch")
        let (inPlane, outPlane, ow) = (h * w, 4 * h * w, 2 * w)
        x.data.withUnsafeBufferPointer { input in
            out.data.withUnsafeMutableBufferPointer { o in
                let (src, dst) = (input.baseAddress!, o.baseAddress!)
                Parallel.forChunks(c, grain: 1) { range in
                    for ch in range {
                        for i in 0..<2 {
                            for j in 0..<2 {
                                let plane = src + (4 * ch + 2 * i + j) * inPlane
                                for y in 0..<h {
                                    let outRow = dst + ch * outPlane + (2 * y + i) * ow + j
                                    let inRow = plane + y * w
                                    for x in 0..<w { outRow[2 * x] += inRow[x] }
                                }
                            }
                        }
                    }
                }
            }
        }
        return out
    }

    /// torch.nn.PixelUnshuffle(2): [C, 2H, 2W] -> [4C, H, W].
    static func pixelUnshuffle2(_ x: PlanarMap) -> PlanarMap {
        precondition(x.height % 2 == 0 && x.width % 2 == 0, "pixel unshuffle needs even sizes")
        let (c, h, w) = (x.channels, x.height / 2, x.width / 2)
        var out = PlanarMap.uninitialized(channels: 4 * c, height: h, width: w)
        let (inPlane, outPlane, iw) = (x.planeSize, h * w, x.width)
        x.data.withUnsafeBufferPointer { input in
            out.data.withUnsafeMutableBufferPointer { o in
                let (src, dst) = (input.baseAddress!, o.baseAddress!)
                Parallel.forChunks(c, grain: 1) { range in
                    for ch in range {
                        for i in 0..<2 {
                            for j in 0..<2 {
                                let plane = dst + (4 * ch + 2 * i + j) * outPlane
                                for y in 0..<h {
                                    let inRow = src + ch * inPlane + (2 * y + i) * iw + j
                                    for x in 0..<w { plane[y * w + x] = inRow[2 * x] }
                                }
                            }
                        }
                    }
                }
            }
        }
        return out
    }

    /// Channel means (adaptive average pool to 1x1).
    static func channelMeans(_ x: PlanarMap) -> [Float] {
        var means = [Float](repeating: 0, count: x.channels)
        let plane = x.planeSize
        x.data.withUnsafeBufferPointer { input in
            for c in 0..<x.channels {
                var sum: Double = 0
                let row = input.baseAddress! + c * plane
                for i in 0..<plane { sum += Double(row[i]) }
                means[c] = Float(sum / Double(plane))
            }
        }
        return means
    }

    /// Element-wise product in place.
    static func multiply(_ x: inout PlanarMap, by y: PlanarMap) {
        precondition(x.data.count == y.data.count)
        x.data.withUnsafeMutableBufferPointer { a in
            y.data.withUnsafeBufferPointer { b in
                for i in 0..<a.count { a[i] *= b[i] }
            }
        }
    }
}
