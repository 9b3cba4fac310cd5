import Foundation

/// A complex discrete Fourier transform of one fixed length, on split real/imaginary arrays.
///
/// Lengths whose prime factors are all at most 13 run as a self-sorting (Stockham) mixed-radix
/// transform; any other length goes through Bluestein's chirp-z algorithm on a power of two.
/// `forward` computes X[k] = sum x[n] e^(-2 pi i k n / N); `inverse` is its exact inverse
/// (it includes the 1/N).
public struct FFT: Sendable {
    public let count: Int
    let stages: [Stage]
    let bluestein: BluesteinPlan?

    /// One Stockham pass: `radix`-point DFTs over elements `count / radix` apart, after twiddling
    /// by exp(-2 pi i k r / (span radix)), k < span being the position inside a finished sub-transform.
    struct Stage: Sendable {
        let radix: Int
        let span: Int
        let twiddleRe: [Float]
        let twiddleIm: [Float]
        /// exp(-2 pi i q / radix), used by the generic small DFT.
        let rootRe: [Float]
        let rootIm: [Float]
    }

    public init(count: Int) {
        precondition(count > 0, "an FFT needs a positive length")
        self.count = count
        if let radices = FFT.stockhamRadices(count) {
            var stages: [Stage] = []
            var span = 1
            for radix in radices {
                stages.append(FFT.makeStage(radix: radix, span: span))
                span *= radix
            }
            self.stages = stages
            self.bluestein = nil
        } else {
            self.stages = []
            self.bluestein = BluesteinPlan(count: count)
        }
    }

    /// The smallest length >= `minimum` with no prime factor above 5: these transform fastest.
    public static func fastSize(atLeast minimum: Int) -> Int {
        var n = max(1, minimum)
        while true {
            var m = n
            for p in [2, 3, 5] { while m % p == 0 { m /= p } }
            if m == 1 { return n }
            n += 1
        }
    }

    /// Transforms `re`/`im` (each `count` long) in place. `scratch` must hold 2 * `scratchCount` floats.
    public func forward(re: UnsafeMutablePointer<Float>, im: UnsafeMutablePointer<Float>, scratch: UnsafeMutablePointer<Float>) {
        if let bluestein {
            bluestein.transform(re: re, im: im, scratch: scratch)
        } else {
            runStages(re: re, im: im, scratch: scratch)
        }
    }

    /// The inverse transform, scaled by 1/count, in place.
    public func inverse(re: UnsafeMutablePointer<Float>, im: UnsafeMutablePointer<Float>, scratch: UnsafeMutablePointer<Float>) {
        // IDFT(x) = conj(DFT(conj(x))) / N.
        for i in 0..<count { im[i] = -im[i] }
        forward(re: re, im: im, scratch: scratch)
        let scale = 1 / Float(count)
        for i in 0..<count {
            re[i] *= scale
            im[i] = -im[i] * scale
        }
    }

    /// Floats of scratch space `forward` and `inverse` need, for each of the two halves.
    public var scratchCount: Int { bluestein?.scratchCount ?? count }

    /// Convenience for arrays: transforms in place.
    public func forward(re: inout [Float], im: inout [Float]) {
        precondition(re.count == count && im.count == count, "FFT input length does not match the plan")
        var scratch = [Float](repeating: 0, count: 2 * scratchCount)
        re.withUnsafeMutableBufferPointer { r in
            im.withUnsafeMutableBufferPointer { i in
                scratch.withUnsafeMutableBufferPointer { s in forward(re: r.baseAddress!, im: i.baseAddress!, scratch: s.baseAddress!) }
            }
        }
    }

    public func inverse(re: inout [Float], im: inout [Float]) {
        precondition(re.count == count && im.count == count, "FFT input length does not match the plan")
        var scratch = [Float](repeating: 0, count: 2 * scratchCount)
        re.withUnsafeMutableBufferPointer { r in
            im.withUnsafeMutableBufferPointer { i in
                scratch.withUnsafeMutableBufferPointer { s in inverse(re: r.baseAddress!, im: i.baseAddress!, scratch: s.baseAddress!) }
            }
        }
    }

    // MARK: - Planning

    /// Radices whose product is `n` (4s first, then 2, 3, 5, 7, 11, 13), or nil when `n` has a larger prime factor.
    static func stockhamRadices(_ n: Int) -> [Int]? {
        var m = n
        var radices: [Int] = []
        while m % 4 == 0 { radices.append(4); m /= 4 }
        for p in [2, 3, 5, 7, 11, 13] {
            while m % p == 0 { radices.append(p); m /= p }
        }
        return m == 1 ? radices : nil
    }

    static func makeStage(radix: Int, span: Int) -> Stage {
        var twRe = [Float](repeating: 0, count: span * radix)
        var twIm = twRe
        for k in 0..<span {
            for r in 0..<radix {
                let angle = -2 * Double.pi * Double(k * r) / Double(span * radix)
                twRe[k * radix + r] = Float(cos(angle))
                twIm[k * radix + r] = Float(sin(angle))
            }
        }
        var rootRe = [Float](repeating: 0, count: radix)
        var rootIm = rootRe
        for q in 0..<radix {
            let angle = -2 * Double.pi * Double(q) / Double(radix)
            rootRe[q] = Float(cos(angle))
            rootIm[q] = Float(sin(angle))
        }
        return Stage(radix: radix, span: span, twiddleRe: twRe, twiddleIm: twIm, rootRe: rootRe, rootIm: rootIm)
    }

    // MARK: - Stockham passes

    private func runStages(re: UnsafeMutablePointer<Float>, im: UnsafeMutablePointer<Float>, scratch: UnsafeMutablePointer<Float>) {
        let n = count
        if n == 1 { return }
        var srcRe = re, srcIm = im
        var dstRe = scratch, dstIm = scratch + n
        for stage in stages {
            FFT.pass(stage, n: n, inRe: srcRe, inIm: srcIm, outRe: dstRe, outIm: dstIm)
            swap(&srcRe, &dstRe)
            swap(&srcIm, &dstIm)
        }
        if srcRe != re {
            re.update(from: srcRe, count: n)
            im.update(from: srcIm, count: n)
        }
    }

    private static func pass(_ stage: Stage, n: Int, inRe: UnsafeMutablePointer<Float>, inIm: UnsafeMutablePointer<Float>,
                             outRe: UnsafeMutablePointer<Float>, outIm: UnsafeMutablePointer<Float>) {
        let radix = stage.radix, span = stage.span
        let stride = n / radix
        let blocks = n / (radix * span)
        stage.twiddleRe.withUnsafeBufferPointer { twRe in
            stage.twiddleIm.withUnsafeBufferPointer { twIm in
                switch radix {
                case 2: pass2(span: span, blocks: blocks, stride: stride, twRe, twIm, inRe, inIm, outRe, outIm)
                case 3: pass3(span: span, blocks: blocks, stride: stride, twRe, twIm, inRe, inIm, outRe, outIm)
                case 4: pass4(span: span, blocks: blocks, stride: stride, twRe, twIm, inRe, inIm, outRe, outIm)
                default: passGeneric(stage, blocks: blocks, stride: stride, twRe, twIm, inRe, inIm, outRe, outIm)
                }
            }
        }
    }

    private static func pass2(span: Int, blocks: Int, stride: Int, _ twRe: UnsafeBufferPointer<Float>, _ twIm: UnsafeBufferPointer<Float>,
                              _ inRe: UnsafeMutablePointer<Float>, _ inIm: UnsafeMutablePointer<Float>,
                              _ outRe: UnsafeMutablePointer<Float>, _ outIm: UnsafeMutablePointer<Float>) {
        for b in 0..<blocks {
            for k in 0..<span {
                let j = b * span + k
                let w1r = twRe[k * 2 + 1], w1i = twIm[k * 2 + 1]
                let a0r = inRe[j], a0i = inIm[j]
                let xr = inRe[j + stride], xi = inIm[j + stride]
                let a1r = xr * w1r - xi * w1i, a1i = xr * w1i + xi * w1r
                let o = b * span * 2 + k
                outRe[o] = a0r + a1r; outIm[o] = a0i + a1i
                outRe[o + span] = a0r - a1r; outIm[o + span] = a0i - a1i
            }
        }
    }

    private static func pass3(span: Int, blocks: Int, stride: Int, _ twRe: UnsafeBufferPointer<Float>, _ twIm: UnsafeBufferPointer<Float>,
                              _ inRe: UnsafeMutablePointer<Float>, _ inIm: UnsafeMutablePointer<Float>,
                              _ outRe: UnsafeMutablePointer<Float>, _ outIm: UnsafeMutablePointer<Float>) {
        let s: Float = 0.866_025_403_784_438_6  // sqrt(3) / 2
        for b in 0..<blocks {
            for k in 0..<span {
                let j = b * span + k
                let a0r = inRe[j], a0i = inIm[j]
                var xr = inRe[j + stride], xi = inIm[j + stride]
                var wr = twRe[k * 3 + 1], wi = twIm[k * 3 + 1]
                let a1r = xr * wr - xi * wi, a1i = xr * wi + xi * wr
                xr = inRe[j + 2 * stride]; xi = inIm[j + 2 * stride]
                wr = twRe[k * 3 + 2]; wi = twIm[k * 3 + 2]
                let a2r = xr * wr - xi * wi, a2i = xr * wi + xi * wr
                let t1r = a1r + a2r, t1i = a1i + a2i
                let t2r = a1r - a2r, t2i = a1i - a2i
                let mr = a0r - 0.5 * t1r, mi = a0i - 0.5 * t1i
                let o = b * span * 3 + k
                outRe[o] = a0r + t1r; outIm[o] = a0i + t1i
                outRe[o + span] = mr + s * t2i; outIm[o + span] = mi - s * t2r
                outRe[o + 2 * span] = mr - s * t2i; outIm[o + 2 * span] = mi + s * t2r
            }
        }
    }

    private static func pass4(span: Int, blocks: Int, stride: Int, _ twRe: UnsafeBufferPointer<Float>, _ twIm: UnsafeBufferPointer<Float>,
                              _ inRe: UnsafeMutablePointer<Float>, _ inIm: UnsafeMutablePointer<Float>,
                              _ outRe: UnsafeMutablePointer<Float>, _ outIm: UnsafeMutablePointer<Float>) {
        for b in 0..<blocks {
            for k in 0..<span {
                let j = b * span + k
                let t = k * 4
                let a0r = inRe[j], a0i = inIm[j]
                var xr = inRe[j + stride], xi = inIm[j + stride]
                let a1r = xr * twRe[t + 1] - xi * twIm[t + 1], a1i = xr * twIm[t + 1] + xi * twRe[t + 1]
                xr = inRe[j + 2 * stride]; xi = inIm[j + 2 * stride]
                let a2r = xr * twRe[t + 2] - xi * twIm[t + 2], a2i = xr * twIm[t + 2] + xi * twRe[t + 2]
                xr = inRe[j + 3 * stride]; xi = inIm[j + 3 * stride]
                let a3r = xr * twRe[t + 3] - xi * twIm[t + 3], a3i = xr * twIm[t + 3] + xi * twRe[t + 3]
                let s02r = a0r + a2r, s02i = a0i + a2i
                let d02r = a0r - a2r, d02i = a0i - a2i
                let s13r = a1r + a3r, s13i = a1i + a3i
                let d13r = a1r - a3r, d13i = a1i - a3i
                let o = b * span * 4 + k
                outRe[o] = s02r + s13r; outIm[o] = s02i + s13i
                // -i * d13 = (d13i, -d13r)
                outRe[o + span] = d02r + d13i; outIm[o + span] = d02i - d13r
                outRe[o + 2 * span] = s02r - s13r; outIm[o + 2 * span] = s02i - s13i
                outRe[o + 3 * span] = d02r - d13i; outIm[o + 3 * span] = d02i + d13r
            }
        }
    }

    private static func passGeneric(_ stage: Stage, blocks: Int, stride: Int, _ twRe: UnsafeBufferPointer<Float>, _ twIm: UnsafeBufferPointer<Float>,
                                    _ inRe: UnsafeMutablePointer<Float>, _ inIm: UnsafeMutablePointer<Float>,
                                    _ outRe: UnsafeMutablePointer<Float>, _ outIm: UnsafeMutablePointer<Float>) {
        let radix = stage.radix, span = stage.span
        var vr = [Float](repeating: 0, count: radix), vi = vr
        stage.rootRe.withUnsafeBufferPointer { rootRe in
            stage.rootIm.withUnsafeBufferPointer { rootIm in
                for b in 0..<blocks {
                    for k in 0..<span {
                        let j = b * span + k
                        for r in 0..<radix {
                            let xr = inRe[j + r * stride], xi = inIm[j + r * stride]
                            let wr = twRe[k * radix + r], wi = twIm[k * radix + r]
                            vr[r] = xr * wr - xi * wi
                            vi[r] = xr * wi + xi * wr
                        }
                        let o = b * span * radix + k
                        for q in 0..<radix {
                            var sr: Float = 0, si: Float = 0
                            for r in 0..<radix {
                                let e = (q * r) % radix
                                sr += vr[r] * rootRe[e] - vi[r] * rootIm[e]
                                si += vr[r] * rootIm[e] + vi[r] * rootRe[e]
                            }
                            outRe[o + q * span] = sr
                            outIm[o + q * span] = si
                        }
                    }
                }
            }
        }
    }
}

/// Bluestein's algorithm: a length-N DFT as a circular convolution of length M = 2^k >= 2N - 1.
final class BluesteinPlan: Sendable {
    let count: Int
    let inner: FFT
    /// exp(-i pi n^2 / N), the chirp.
    let chirpRe: [Float]
    let chirpIm: [Float]
    /// The DFT (length M) of the conjugate chirp, wrapped circularly.
    let filterRe: [Float]
    let filterIm: [Float]

    init(count: Int) {
        self.count = count
        var m = 1
        while m < 2 * count - 1 { m *= 2 }
        inner = FFT(count: m)
        var cr = [Float](repeating: 0, count: count), ci = cr
        for n in 0..<count {
            // n^2 mod 2N keeps the angle small and exact for large n.
            let phase = (n * n) % (2 * count)
            let angle = -Double.pi * Double(phase) / Double(count)
            cr[n] = Float(cos(angle))
            ci[n] = Float(sin(angle))
        }
        chirpRe = cr
        chirpIm = ci
        var fr = [Float](repeating: 0, count: m), fi = fr
        for n in 0..<count {
            fr[n] = cr[n]; fi[n] = -ci[n]
            if n > 0 { fr[m - n] = cr[n]; fi[m - n] = -ci[n] }
        }
        inner.forward(re: &fr, im: &fi)
        filterRe = fr
        filterIm = fi
    }

    /// Per half: the padded work array (M) plus the inner transform's scratch (M).
    var scratchCount: Int { 2 * inner.count }

    func transform(re: UnsafeMutablePointer<Float>, im: UnsafeMutablePointer<Float>, scratch: UnsafeMutablePointer<Float>) {
        let m = inner.count
        let workRe = scratch, workIm = scratch + m
        let innerScratch = scratch + 2 * m
        chirpRe.withUnsafeBufferPointer { cr in
            chirpIm.withUnsafeBufferPointer { ci in
                for n in 0..<count {
                    workRe[n] = re[n] * cr[n] - im[n] * ci[n]
                    workIm[n] = re[n] * ci[n] + im[n] * cr[n]
                }
                for n in count..<m { workRe[n] = 0; workIm[n] = 0 }
                inner.forward(re: workRe, im: workIm, scratch: innerScratch)
                filterRe.withUnsafeBufferPointer { fr in
                    filterIm.withUnsafeBufferPointer { fi in
                        for k in 0..<m {
                            let a = workRe[k], b = workIm[k]
                            workRe[k] = a * fr[k] - b * fi[k]
                            workIm[k] = a * fi[k] + b * fr[k]
                        }
                    }
                }
                inner.inverse(re: workRe, im: workIm, scratch: innerScratch)
                for k in 0..<count {
                    re[k] = workRe[k] * cr[k] - workIm[k] * ci[k]
                    im[k] = workRe[k] * ci[k] + workIm[k] * cr[k]
                }
            }
        }
    }
}
