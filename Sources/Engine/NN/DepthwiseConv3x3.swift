import Foundation

/// A 3x3 depthwise convolution (groups = channels), stride 1, zero padding 1, with bias: the
/// `dwconv` / `conv2` / `qkv_dwconv` / `depth_conv` layers. Direct loops; parallel over channels.
struct DepthwiseConv3x3 {
    let channels: Int
    /// channels x 9 taps.
    let weight: [Float]
    let bias: [Float]?

    init(channels: Int, weight: [Float], bias: [Float]?) {
        precondition(weight.count == channels * 9 && (bias == nil || bias!.count == channels), "depthwise weight size mismatch")
        self.channels = channels
        self.weight = weight
        self.bias = bias
    }

    func callAsFunction(_ x: PlanarMap) -> PlanarMap {
        precondition(x.channels == channels, "depthwise conv expects \(channels) channels, got \(x.channels)")
        var out = PlanarMap.uninitialized(channels: channels, height: x.height, width: x.width)
        let plane = x.planeSize
        x.data.withUnsafeBufferPointer { input in
            out.data.withUnsafeMutableBufferPointer { o in
                let (src, dst) = (input.baseAddress!, o.baseAddress!)
                Parallel.forChunks(channels, grain: 1) { range in
                    for c in range {
                        convolvePlane(c, src + c * plane, dst + c * plane, height: x.height, width: x.width)
                    }
                }
            }
        }
        return out
    }

    /// The gated variants: out[c] = gate(dw(x)[c]) * dw(x)[c + C/2], computed pairwise so the
    /// full-width result never exists (NAFNet's SimpleGate, Restormer's GELU gate).
    enum Gate { case product, geluProduct }

    func gated(_ x: PlanarMap, gate: Gate) -> PlanarMap {
        precondition(x.channels == channels && channels % 2 == 0, "gated depthwise conv needs an even channel count")
        let half = channels / 2
        var out = PlanarMap.uninitialized(channels: half, height: x.height, width: x.width)
        let plane = x.planeSize
        x.data.withUnsafeBufferPointer { input in
            out.data.withUnsafeMutableBufferPointer { o in
                let (src, dst) = (input.baseAddress!, o.baseAddress!)
                Parallel.forChunks(half, grain: 1) { range in
                    let scratch = UnsafeMutablePointer<Float>.allocate(capacity: plane)
                    defer { scratch.deallocate() }
                    for c in range {
                        let first = dst + c * plane
                        convolvePlane(c, src + c * plane, first, height: x.height, width: x.width)
                        convolvePlane(c + half, src + (c + half) * plane, scratch, height: x.height, width: x.width)
                        switch gate {
                        case .product:
                            for i in 0..<plane { first[i] *= scratch[i] }
                        case .geluProduct:
                            VectorMath.geglu(scratch, first, first, plane)
                        }
                    }
                }
            }
        }
        return out
    }

    @inline(__always)
    private func convolvePlane(_ c: Int, _ src: UnsafePointer<Float>, _ dst: UnsafeMutablePointer<Float>, height h: Int, width w: Int) {
        let k = weight[(c * 9)..<(c * 9 + 9)].map { $0 }
        let (k0, k1, k2, k3, k4, k5, k6, k7, k8) = (k[0], k[1], k[2], k[3], k[4], k[5], k[6], k[7], k[8])
        let b = bias?[c] ?? 0
        let zeroRow = [Float](repeating: 0, count: w)
        zeroRow.withUnsafeBufferPointer { zeros in
            for y in 0..<h {
                let above = y > 0 ? src + (y - 1) * w : zeros.baseAddress!
                let row = src + y * w
                let below = y + 1 < h ? src + (y + 1) * w : zeros.baseAddress!
                let out = dst + y * w
                if w == 1 {
                    out[0] = b + k1 * above[0] + k4 * row[0] + k7 * below[0]
                    continue
                }
                out[0] = b + k1 * above[0] + k2 * above[1] + k4 * row[0] + k5 * row[1] + k7 * below[0] + k8 * below[1]
                if w > 2 {
                    for x in 1..<(w - 1) {
                        var s = b
                        s += k0 * above[x - 1] + k1 * above[x] + k2 * above[x + 1]
                        s += k3 * row[x - 1] + k4 * row[x] + k5 * row[x + 1]
                        s += k6 * below[x - 1] + k7 * below[x] + k8 * below[x + 1]
                        out[x] = s
                    }
                }
                let x = w - 1
                out[x] = b + k0 * above[x - 1] + k1 * above[x] + k3 * row[x - 1] + k4 * row[x] + k6 * below[x - 1] + k7 * below[x]
            }
        }
    }
}
