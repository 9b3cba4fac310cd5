/// Shrinks planes by an integer factor, averaging each factor x factor block (blocks cut by
/// the right and bottom edges average the pixels they have).
enum BoxDownsample {
    static func shrink(_ planes: [Float], width w: Int, height h: Int, factor f: Int) -> (planes: [Float], width: Int, height: Int) {
        guard f > 1 else { return (planes, w, h) }
        let gw = (w + f - 1) / f, gh = (h + f - 1) / f
        let planeCount = planes.count / (w * h)
        var output = [Float](repeating: 0, count: planeCount * gw * gh)
        planes.withUnsafeBufferPointer { src in
            output.withUnsafeMutableBufferPointer { dst in
                for plane in 0..<planeCount {
                    let inBase = plane * w * h, outBase = plane * gw * gh
                    for gy in 0..<gh {
                        let y0 = gy * f, y1 = min(y0 + f, h)
                        for gx in 0..<gw {
                            let x0 = gx * f, x1 = min(x0 + f, w)
                            var sum: Float = 0
                            for y in y0..<y1 {
                                for x in x0..<x1 { sum += src[inBase + y * w + x] }
                            }
                            dst[outBase + gy * gw + gx] = sum / Float((y1 - y0) * (x1 - x0))
                        }
                    }
                }
            }
        }
        return (output, gw, gh)
    }
}
