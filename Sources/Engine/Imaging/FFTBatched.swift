import Foundation

extension FFT {
    /// Whether `forwardBatched` / `inverseBatched` can run (the length has no prime factor above 13).
    public var supportsBatched: Bool { bluestein == nil }

    /// Transforms `batch` sequences at once, element t of sequence b at `re[t * stride + b]`:
    /// the columns of a row-major block. Every butterfly then works on whole contiguous rows,
    /// which vectorizes and keeps memory access sequential. `scratch` holds 2 * count * batch floats.
    public func forwardBatched(re: UnsafeMutablePointer<Float>, im: UnsafeMutablePointer<Float>, stride: Int, batch: Int,
                               scratch: UnsafeMutablePointer<Float>) {
        precondition(supportsBatched, "batched FFT needs a length with prime factors up to 13")
        let n = count
        if n == 1 { return }
        var src = (re: re, im: im, stride: stride)
        let spare = (re: scratch, im: scratch + n * batch, stride: batch)
        var dst = spare
        for stage in stages {
            FFT.batchedPass(stage, n: n, batch: batch, input: src, output: dst)
            swap(&src, &dst)
        }
        if src.re != re {
            for t in 0..<n {
                (re + t * stride).update(from: src.re + t * batch, count: batch)
                (im + t * stride).update(from: src.im + t * batch, count: batch)
            }
        }
    }

    /// The inverse of `forwardBatched`, scaled by 1/count.
    public func inverseBatched(re: UnsafeMutablePointer<Float>, im: UnsafeMutablePointer<Float>, stride: Int, batch: Int,
                               scratch: UnsafeMutablePointer<Float>) {
        for t in 0..<count {
            let row = im + t * stride
            for b in 0..<batch { row[b] = -row[b] }
        }
        forwardBatched(re: re, im: im, stride: stride, batch: batch, scratch: scratch)
        let scale = 1 / Float(count)
        for t in 0..<count {
            let rowRe = re + t * stride, rowIm = im + t * stride
            for b in 0..<batch {
                rowRe[b] *= scale
                rowIm[b] = -rowIm[b] * scale
            }
        }
    }

    typealias Rows = (re: UnsafeMutablePointer<Float>, im: UnsafeMutablePointer<Float>, stride: Int)

    /// One Stockham stage (see `Stage`) with each element a row of `batch` samples.
    static func batchedPass(_ stage: Stage, n: Int, batch: Int, input: Rows, output: Rows) {
        let radix = stage.radix, span = stage.span
        let spacing = n / radix
        let blocks = n / (radix * span)
        let temporary = UnsafeMutablePointer<Float>.allocate(capacity: 2 * radix * batch)
        defer { temporary.deallocate() }
        let vRe = temporary, vIm = temporary + radix * batch
        for b in 0..<blocks {
            for k in 0..<span {
                let j = b * span + k
                let o = b * span * radix + k
                // Twiddled inputs, one row per r.
                for r in 0..<radix {
                    let inRe = input.re + (j + r * spacing) * input.stride, inIm = input.im + (j + r * spacing) * input.stride
                    let rowRe = vRe + r * batch, rowIm = vIm + r * batch
                    let wr = stage.twiddleRe[k * radix + r], wi = stage.twiddleIm[k * radix + r]
                    if r == 0 || k == 0 {
                        rowRe.update(from: inRe, count: batch)
                        rowIm.update(from: inIm, count: batch)
                    } else {
                        for e in 0..<batch {
                            let xr = inRe[e], xi = inIm[e]
                            rowRe[e] = xr * wr - xi * wi
                            rowIm[e] = xr * wi + xi * wr
                        }
                    }
                }
                func out(_ q: Int) -> (UnsafeMutablePointer<Float>, UnsafeMutablePointer<Float>) {
                    (output.re + (o + q * span) * output.stride, output.im + (o + q * span) * output.stride)
                }
                switch radix {
                case 2:
                    let (y0r, y0i) = out(0), (y1r, y1i) = out(1)
                    let a1r = vRe + batch, a1i = vIm + batch
                    for e in 0..<batch {
                        let a0r = vRe[e], a0i = vIm[e]
                        y0r[e] = a0r + a1r[e]; y0i[e] = a0i + a1i[e]
                        y1r[e] = a0r - a1r[e]; y1i[e] = a0i - a1i[e]
                    }
                case 4:
                    let (y0r, y0i) = out(0), (y1r, y1i) = out(1), (y2r, y2i) = out(2), (y3r, y3i) = out(3)
                    let a1r = vRe + batch, a1i = vIm + batch, a2r = vRe + 2 * batch, a2i = vIm + 2 * batch
                    let a3r = vRe + 3 * batch, a3i = vIm + 3 * batch
                    for e in 0..<batch {
                        let s02r = vRe[e] + a2r[e], s02i = vIm[e] + a2i[e]
                        let d02r = vRe[e] - a2r[e], d02i = vIm[e] - a2i[e]
                        let s13r = a1r[e] + a3r[e], s13i = a1i[e] + a3i[e]
                        let d13r = a1r[e] - a3r[e], d13i = a1i[e] - a3i[e]
                        y0r[e] = s02r + s13r; y0i[e] = s02i + s13i
                        y1r[e] = d02r + d13i; y1i[e] = d02i - d13r
                        y2r[e] = s02r - s13r; y2i[e] = s02i - s13i
                        y3r[e] = d02r - d13i; y3i[e] = d02i + d13r
                    }
                case 3:
                    let (y0r, y0i) = out(0), (y1r, y1i) = out(1), (y2r, y2i) = out(2)
                    let a1r = vRe + batch, a1i = vIm + batch, a2r = vRe + 2 * batch, a2i = vIm + 2 * batch
                    let s: Float = 0.866_025_403_784_438_6  // sin(2 pi / 3)
                    for e in 0..<batch {
                        let t1r = a1r[e] + a2r[e], t1i = a1i[e] + a2i[e]
                        let t2r = a1r[e] - a2r[e], t2i = a1i[e] - a2i[e]
                        let mr = vRe[e] - 0.5 * t1r, mi = vIm[e] - 0.5 * t1i
                        y0r[e] = vRe[e] + t1r; y0i[e] = vIm[e] + t1i
                        y1r[e] = mr + s * t2i; y1i[e] = mi - s * t2r
                        y2r[e] = mr - s * t2i; y2i[e] = mi + s * t2r
                    }
                case 5:
                    let (y0r, y0i) = out(0), (y1r, y1i) = out(1), (y2r, y2i) = out(2), (y3r, y3i) = out(3), (y4r, y4i) = out(4)
                    let a1r = vRe + batch, a1i = vIm + batch, a2r = vRe + 2 * batch, a2i = vIm + 2 * batch
                    let a3r = vRe + 3 * batch, a3i = vIm + 3 * batch, a4r = vRe + 4 * batch, a4i = vIm + 4 * batch
                    // cos and sin of 2 pi / 5 and 4 pi / 5.
                    let c1: Float = 0.309_016_994_374_947_4, c2: Float = -0.809_016_994_374_947_5
                    let s1: Float = 0.951_056_516_295_153_5, s2: Float = 0.587_785_252_292_473_1
                    for e in 0..<batch {
                        let t1r = a1r[e] + a4r[e], t1i = a1i[e] + a4i[e], t2r = a2r[e] + a3r[e], t2i = a2i[e] + a3i[e]
                        let t3r = a1r[e] - a4r[e], t3i = a1i[e] - a4i[e], t4r = a2r[e] - a3r[e], t4i = a2i[e] - a3i[e]
                        let m1r = vRe[e] + c1 * t1r + c2 * t2r, m1i = vIm[e] + c1 * t1i + c2 * t2i
                        let m2r = vRe[e] + c2 * t1r + c1 * t2r, m2i = vIm[e] + c2 * t1i + c1 * t2i
                        let n1r = s1 * t3r + s2 * t4r, n1i = s1 * t3i + s2 * t4i
                        let n2r = s2 * t3r - s1 * t4r, n2i = s2 * t3i - s1 * t4i
                        y0r[e] = vRe[e] + t1r + t2r; y0i[e] = vIm[e] + t1i + t2i
                        // y1 = m1 - i n1, y4 = m1 + i n1, y2 = m2 - i n2, y3 = m2 + i n2.
                        y1r[e] = m1r + n1i; y1i[e] = m1i - n1r
                        y4r[e] = m1r - n1i; y4i[e] = m1i + n1r
                        y2r[e] = m2r + n2i; y2i[e] = m2i - n2r
                        y3r[e] = m2r - n2i; y3i[e] = m2i + n2r
                    }
                default:
                    for q in 0..<radix {
                        let (yr, yi) = out(q)
                        for e in 0..<batch { yr[e] = vRe[e]; yi[e] = vIm[e] }
                        for r in 1..<radix {
                            let root = (q * r) % radix
                            let cr = stage.rootRe[root], ci = stage.rootIm[root]
                            let ar = vRe + r * batch, ai = vIm + r * batch
                            for e in 0..<batch {
                                yr[e] += ar[e] * cr - ai[e] * ci
                                yi[e] += ar[e] * ci + ai[e] * cr
                            }
                        }
                    }
                }
            }
        }
    }
}
