import CBLAS

/// 3x3 stride-1 convolution by Winograd's minimal filtering F(4x4, 3x3) (Lavin and Gray 2016):
/// each 4x4 block of outputs comes from a 6x6 window of inputs, and the products of the
/// transformed windows and filters are 36 independent matrix products, [out, in] x [in, tiles],
/// through cblas_sgemm. That is 4x fewer multiplications than im2col's GEMM for the same work.
/// The filters are transformed per call (cheap next to the products, and no weight copy to keep),
/// and the tiles are processed in blocks whose transformed windows stay in cache.
enum WinogradF43 {
    static let positions = 36

    /// Whether `conv` is a convolution this path computes: 3x3, stride 1, dilation 1, one group.
    static func supports(_ conv: Conv2d) -> Bool {
        conv.kernel == (3, 3) && conv.stride == (1, 1) && conv.dilation == (1, 1) && conv.groups == 1
    }

    /// Whether the transform pays for itself at this size: enough channels for the products to
    /// dominate and enough tiles per transformed filter bank.
    static func isWorthwhile(_ conv: Conv2d, batch: Int, outH: Int, outW: Int) -> Bool {
        let tiles = batch * ((outH + 3) / 4) * ((outW + 3) / 4)
        return conv.inChannels >= 16 && conv.outChannels >= 16 && tiles >= 64
    }

    /// Floats of transformed input windows per block of tile rows.
    static let blockBudget = 1 << 21

    static func forward(_ conv: Conv2d, _ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>,
                        batch: Int, height: Int, width: Int, outH: Int, outW: Int) {
        let (inC, outC) = (conv.inChannels, conv.outChannels)
        let tilesAcross = (outW + 3) / 4, tilesDown = (outH + 3) / 4
        let tileRows = batch * tilesDown
        let rowsPerBlock = max(1, min(tileRows, blockBudget / (positions * max(inC, outC) * tilesAcross)))
        let geometry = Geometry(height: height, width: width, outH: outH, outW: outW, tilesAcross: tilesAcross,
                                tilesDown: tilesDown, top: conv.padding.top, left: conv.padding.left)
        let block = rowsPerBlock * tilesAcross
        ScratchPool.shared.withBuffer(positions * outC * inC) { filters in
            conv.weight.data.withUnsafeBufferPointer { w in
                transformFilters(w.baseAddress!, outC: outC, inC: inC, into: filters)
            }
            ScratchPool.shared.withBuffer(positions * (inC + outC) * block) { scratch in
                let windows = scratch, products = scratch + positions * inC * block
                for first in stride(from: 0, to: tileRows, by: rowsPerBlock) {
                    let rows = first..<min(tileRows, first + rowsPerBlock)
                    let count = rows.count * tilesAcross
                    transformInputs(x, channels: inC, rows: rows, geometry, into: windows)
                    for p in 0..<positions {
                        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(outC), Int32(count), Int32(inC), 1,
                                    filters + p * outC * inC, Int32(inC), windows + p * inC * count, Int32(count), 0,
                                    products + p * outC * count, Int32(count))
                    }
                    transformOutputs(products, channels: outC, rows: rows, geometry, bias: conv.bias, into: y)
                }
            }
        }
    }

    /// Sizes of one convolution; a "tile row" is one image's row of 4x4 output tiles.
    struct Geometry {
        let height: Int, width: Int, outH: Int, outW: Int
        let tilesAcross: Int, tilesDown: Int
        let top: Int, left: Int
    }

    /// U = G g G^T for every (out, in) filter, stored position-major: U[p][o][c]. Filters are
    /// transformed in runs of `run` into a local buffer, then each position's run is copied out
    /// in one piece: writing 36 far-apart addresses per filter thrashes the TLB.
    static func transformFilters(_ w: UnsafePointer<Float>, outC: Int, inC: Int, into u: UnsafeMutablePointer<Float>) {
        let plane = outC * inC, run = 64
        let runs = (plane + run - 1) / run
        Parallel.forChunks(runs, grain: 16) { chunk in
            let local = UnsafeMutablePointer<Float>.allocate(capacity: 36 * run + 18)
            defer { local.deallocate() }
            let t = local + 36 * run  // G g: 6 rows x 3 columns
            for r in chunk {
                let first = r * run, count = min(run, plane - first)
                for k in 0..<count {
                    let g = w + (first + k) * 9
                    for col in 0..<3 {
                        rowsOfG(g[col], g[3 + col], g[6 + col], t + col, stride: 3)
                    }
                    for row in 0..<6 {
                        let q = t + row * 3
                        rowsOfG(q[0], q[1], q[2], local + row * 6 * run + k, stride: run)
                    }
                }
                for p in 0..<36 { (u + p * plane + first).update(from: local + p * run, count: count) }
            }
        }
    }

    /// The six rows of G [g0, g1, g2]^T, written `stride` apart (multiplications only: a division
    /// per value made this transform cost as much as the products).
    @inline(__always)
    static func rowsOfG(_ g0: Float, _ g1: Float, _ g2: Float, _ out: UnsafeMutablePointer<Float>, stride: Int) {
        let sixth: Float = 1.0 / 6, twelfth: Float = 1.0 / 12, twentyFourth: Float = 1.0 / 24
        let sum = g0 + g2
        out[0] = 0.25 * g0
        out[stride] = -(sum + g1) * sixth
        out[2 * stride] = (g1 - sum) * sixth
        let a = g0 * twentyFourth + g2 * sixth, b = g1 * twelfth
        out[3 * stride] = a + b
        out[4 * stride] = a - b
        out[5 * stride] = g2
    }

    /// V = B^T d B for every channel and tile of the block's tile rows: V[p][c][tile]. Per tile
    /// row, each of the six input rows is transformed horizontally for all tiles at once, then
    /// the six results are combined vertically, in loops that run along the tile row.
    static func transformInputs(_ x: UnsafePointer<Float>, channels: Int, rows: Range<Int>, _ g: Geometry,
                                into v: UnsafeMutablePointer<Float>) {
        let across = g.tilesAcross
        let count = rows.count * across
        let positionStride = channels * count
        // Tiles whose 6-wide window lies inside the image need no bounds checks.
        let firstInside = min(across, (g.left + 3) / 4)
        let pastInside = g.width + g.left < 6 ? firstInside : max(firstInside, min(across, (g.width + g.left - 6) / 4 + 1))
        let interior = firstInside..<pastInside
        Parallel.forChunks(channels, grain: max(1, 2048 / max(count, 1))) { channelRange in
            let h = UnsafeMutablePointer<Float>.allocate(capacity: 36 * across)  // [row r][column j][tile]
            defer { h.deallocate() }
            for c in channelRange {
                for (rowIndex, tileRow) in rows.enumerated() {
                    let (image, ty) = tileRow.quotientAndRemainder(dividingBy: g.tilesDown)
                    let plane = x + (image * channels + c) * g.height * g.width
                    for r in 0..<6 {
                        let hr = h + r * 6 * across
                        let iy = ty * 4 - g.top + r
                        guard iy >= 0 && iy < g.height else {
                            hr.update(repeating: 0, count: 6 * across)
                            continue
                        }
                        let src = plane + iy * g.width
                        func window(_ tx: Int) {
                            let x0 = tx * 4 - g.left
                            func at(_ k: Int) -> Float { x0 + k >= 0 && x0 + k < g.width ? src[x0 + k] : 0 }
                            bTranspose(at(0), at(1), at(2), at(3), at(4), at(5), hr + tx, stride: across)
                        }
                        for tx in 0..<interior.lowerBound { window(tx) }
                        for tx in interior {
                            let d = src + tx * 4 - g.left
                            bTranspose(d[0], d[1], d[2], d[3], d[4], d[5], hr + tx, stride: across)
                        }
                        for tx in interior.upperBound..<across { window(tx) }
                    }
                    let out = v + c * count + rowIndex * across
                    for j in 0..<6 {
                        let h0 = h + j * across, step = 6 * across
                        let (d0, d1, d2, d3, d4, d5) = (h0, h0 + step, h0 + 2 * step, h0 + 3 * step, h0 + 4 * step, h0 + 5 * step)
                        let o0 = out + j * positionStride
                        for tx in 0..<across {
                            bTranspose(d0[tx], d1[tx], d2[tx], d3[tx], d4[tx], d5[tx], o0 + tx, stride: 6 * positionStride)
                        }
                    }
                }
            }
        }
    }

    /// The six rows of B^T [d0 ... d5]^T, written `stride` apart.
    @inline(__always)
    static func bTranspose(_ d0: Float, _ d1: Float, _ d2: Float, _ d3: Float, _ d4: Float, _ d5: Float,
                           _ out: UnsafeMutablePointer<Float>, stride: Int) {
        out[0] = 4 * d0 - 5 * d2 + d4
        out[stride] = -4 * (d1 + d2) + d3 + d4
        out[2 * stride] = 4 * (d1 - d2) - d3 + d4
        out[3 * stride] = 2 * (d3 - d1) - d2 + d4
        out[4 * stride] = 2 * (d1 - d3) - d2 + d4
        out[5 * stride] = 4 * d1 - 5 * d3 + d5
    }

    /// Y = A^T M A for every output channel and tile, plus the bias, into NCHW (edge tiles
    /// clipped): first vertically along each tile row, then horizontally per output row.
    static func transformOutputs(_ m: UnsafePointer<Float>, channels: Int, rows: Range<Int>, _ g: Geometry,
                                 bias: Tensor?, into y: UnsafeMutablePointer<Float>) {
        let across = g.tilesAcross
        let count = rows.count * across
        let positionStride = channels * count
        let fullTiles = g.outW / 4
        bias.map { $0.data }.withOptionalPointer { biasPointer in
            Parallel.forChunks(channels, grain: max(1, 2048 / max(count, 1))) { channelRange in
                let t = UnsafeMutablePointer<Float>.allocate(capacity: 24 * across + 4)  // [row i][column j][tile]
                defer { t.deallocate() }
                let four = t + 24 * across
                for o in channelRange {
                    let offset = biasPointer.map { $0[o] } ?? 0
                    for (rowIndex, tileRow) in rows.enumerated() {
                        let source = m + o * count + rowIndex * across
                        for j in 0..<6 {
                            let s0 = source + j * positionStride, step = 6 * positionStride
                            let (s1, s2, s3, s4, s5) = (s0 + step, s0 + 2 * step, s0 + 3 * step, s0 + 4 * step, s0 + 5 * step)
                            let t0 = t + j * across
                            for tx in 0..<across {
                                aTranspose(s0[tx], s1[tx], s2[tx], s3[tx], s4[tx], s5[tx], t0 + tx, stride: 6 * across)
                            }
                        }
                        let (image, ty) = tileRow.quotientAndRemainder(dividingBy: g.tilesDown)
                        let plane = y + (image * channels + o) * g.outH * g.outW
                        for i in 0..<min(4, g.outH - ty * 4) {
                            let dst = plane + (ty * 4 + i) * g.outW
                            let q = t + i * 6 * across
                            for tx in 0..<across {
                                aTranspose(q[tx], q[across + tx], q[2 * across + tx], q[3 * across + tx], q[4 * across + tx],
                                           q[5 * across + tx], four, stride: 1)
                                let d = dst + tx * 4
                                for k in 0..<(tx < fullTiles ? 4 : g.outW - tx * 4) { d[k] = four[k] + offset }
                            }
                        }
                    }
                }
            }
        }
    }

    /// The four rows of A^T [m0 ... m5]^T, written `stride` apart.
    @inline(__always)
    static func aTranspose(_ m0: Float, _ m1: Float, _ m2: Float, _ m3: Float, _ m4: Float, _ m5: Float,
                           _ out: UnsafeMutablePointer<Float>, stride: Int) {
        let sum = m1 + m2, difference = m1 - m2, sum34 = m3 + m4, difference34 = m3 - m4
        out[0] = m0 + sum + sum34
        out[stride] = difference + 2 * difference34
        out[2 * stride] = sum + 4 * sum34
        out[3 * stride] = difference + 8 * difference34 + m5
    }
}

private extension Optional where Wrapped == [Float] {
    func withOptionalPointer<R>(_ body: (UnsafePointer<Float>?) -> R) -> R {
        switch self {
        case .some(let array): return array.withUnsafeBufferPointer { body($0.baseAddress) }
        case .none: return body(nil)
        }
    }
}

