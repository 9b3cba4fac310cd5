/// A guessed relative depth in [0.12, 1] for haze, kept on a coarse grid (depth is smooth,
/// and blurring a coarse grid is cheap) and upsampled bilinearly row by row.
///
/// Depth grows toward the top of the frame, where the image is bright and colorless (a large
/// dark channel: sky, distant walls), plus a smooth random field so the haze is uneven.
struct DepthGrid {
    let width: Int
    let height: Int
    /// Image pixels per grid cell, along each axis.
    let factor: Int
    let imageWidth: Int
    let imageHeight: Int
    let values: [Float]
    private let columnIndex: [Int]
    private let columnWeight: [Float]

    init(guessingFrom image: RGBImage, seed: UInt64) {
        let (w, h) = (image.width, image.height)
        let geometry = DegradeGeometry(width: w, height: h)
        let f = max(1, Int(geometry.scale * 4))
        let gw = (w + f - 1) / f, gh = (h + f - 1) / f
        // Darkest channel, averaged over each cell.
        var dark = [Float](repeating: 0, count: gw * gh)
        var counts = [Float](repeating: 0, count: gw * gh)
        let planeSize = w * h
        image.pixels.withUnsafeBufferPointer { p in
            dark.withUnsafeMutableBufferPointer { d in
                counts.withUnsafeMutableBufferPointer { n in
                    for y in 0..<h {
                        let row = (y / f) * gw
                        for x in 0..<w {
                            let i = y * w + x
                            d[row + x / f] += min(p[i], p[planeSize + i], p[2 * planeSize + i])
                            n[row + x / f] += 1
                        }
                    }
                    for i in d.indices { d[i] /= n[i] }
                }
            }
        }
        BoxBlur.gaussian(&dark, width: gw, height: gh, sigma: geometry.pixels(10) / Float(f))
        let unevenness = SmoothNoise.field(width: gw, height: gh, cells: 3, octaves: 3, seed: seed ^ 0x4A2E)
        var depth = [Float](repeating: 0, count: gw * gh)
        for gy in 0..<gh {
            let height = 1 - min((Float(gy) + 0.5) * Float(f) / Float(h), 1)
            for gx in 0..<gw {
                let i = gy * gw + gx
                depth[i] = 0.5 * height + 0.3 * dark[i] + 0.2 * unevenness[i]
            }
        }
        BoxBlur.gaussian(&depth, width: gw, height: gh, sigma: geometry.pixels(4) / Float(f))
        // Convex, so the distance (and the haze) grows faster toward the far end of the scene.
        for i in depth.indices {
            let d = min(max(depth[i], 0), 1)
            depth[i] = 0.12 + 0.88 * d * d.squareRoot()
        }

        width = gw
        height = gh
        factor = f
        imageWidth = w
        imageHeight = h
        values = depth
        var index = [Int](repeating: 0, count: w), weight = [Float](repeating: 0, count: w)
        for x in 0..<w {
            let u = min(max((Float(x) + 0.5) / Float(f) - 0.5, 0), Float(gw - 1))
            index[x] = min(Int(u), max(gw - 2, 0))
            weight[x] = gw > 1 ? u - Float(index[x]) : 0
        }
        columnIndex = index
        columnWeight = weight
    }

    /// Depth at every pixel of image row `y`.
    func upsampleRow(_ y: Int, into row: inout [Float]) {
        let v = min(max((Float(y) + 0.5) / Float(factor) - 0.5, 0), Float(height - 1))
        let top = min(Int(v), max(height - 2, 0))
        let ty = height > 1 ? v - Float(top) : 0
        let bottom = min(top + 1, height - 1)
        values.withUnsafeBufferPointer { d in
            columnIndex.withUnsafeBufferPointer { index in
                columnWeight.withUnsafeBufferPointer { weight in
                    row.withUnsafeMutableBufferPointer { out in
                        let upper = top * width, lower = bottom * width
                        for x in 0..<imageWidth {
                            let i = index[x], t = weight[x], j = min(i + 1, width - 1)
                            let a = d[upper + i] + (d[upper + j] - d[upper + i]) * t
                            let b = d[lower + i] + (d[lower + j] - d[lower + i]) * t
                            out[x] = a + (b - a) * ty
                        }
                    }
                }
            }
        }
    }
}
