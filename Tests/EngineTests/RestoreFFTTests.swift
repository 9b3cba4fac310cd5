import XCTest
@testable import GenDegEngine

final class RestoreFFTTests: XCTestCase {
    private func randomSignal(_ count: Int, seed: UInt64) -> [Float] {
        var random = SeededRandom(seed: seed)
        return (0..<count).map { _ in random.uniform(-1...1) }
    }

    /// The DFT by its definition, in double precision.
    private func naiveDFT(_ re: [Float], _ im: [Float]) -> (re: [Double], im: [Double]) {
        let n = re.count
        var outRe = [Double](repeating: 0, count: n), outIm = outRe
        for k in 0..<n {
            for t in 0..<n {
                let angle = -2 * Double.pi * Double((k * t) % n) / Double(n)
                outRe[k] += Double(re[t]) * cos(angle) - Double(im[t]) * sin(angle)
                outIm[k] += Double(re[t]) * sin(angle) + Double(im[t]) * cos(angle)
            }
        }
        return (outRe, outIm)
    }

    func testMatchesDefinitionAndRoundTripsForManyLengths() {
        // Powers of two, mixed radices 2-13, and primes that need Bluestein (17, 97, 251).
        for n in [1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 12, 13, 16, 17, 25, 30, 49, 60, 64, 97, 120, 143, 251, 256] {
            let re = randomSignal(n, seed: UInt64(n)), im = randomSignal(n, seed: UInt64(n) + 1000)
            var fRe = re, fIm = im
            let fft = FFT(count: n)
            fft.forward(re: &fRe, im: &fIm)
            let expected = naiveDFT(re, im)
            var worst = 0.0
            for k in 0..<n { worst = max(worst, abs(Double(fRe[k]) - expected.re[k]), abs(Double(fIm[k]) - expected.im[k])) }
            XCTAssertLessThan(worst, 2e-4 * Double(n).squareRoot(), "forward FFT of length \(n)")
            fft.inverse(re: &fRe, im: &fIm)
            for k in 0..<n {
                XCTAssertEqual(fRe[k], re[k], accuracy: 1e-4, "round trip of length \(n)")
                XCTAssertEqual(fIm[k], im[k], accuracy: 1e-4, "round trip of length \(n)")
            }
        }
    }

    func testBatchedColumnsMatchOneByOne() {
        let n = 2 * 3 * 4 * 5 * 7, batch = 5
        var re = randomSignal(n * batch, seed: 40), im = randomSignal(n * batch, seed: 41)
        let fft = FFT(count: n)
        var expected: [(re: [Float], im: [Float])] = []
        for b in 0..<batch {
            var columnRe = (0..<n).map { re[$0 * batch + b] }, columnIm = (0..<n).map { im[$0 * batch + b] }
            fft.forward(re: &columnRe, im: &columnIm)
            expected.append((columnRe, columnIm))
        }
        var scratch = [Float](repeating: 0, count: 2 * n * batch)
        re.withUnsafeMutableBufferPointer { r in
            im.withUnsafeMutableBufferPointer { i in
                scratch.withUnsafeMutableBufferPointer { s in
                    fft.forwardBatched(re: r.baseAddress!, im: i.baseAddress!, stride: batch, batch: batch, scratch: s.baseAddress!)
                }
            }
        }
        for b in 0..<batch {
            for t in 0..<n {
                XCTAssertEqual(re[t * batch + b], expected[b].re[t], accuracy: 1e-4)
                XCTAssertEqual(im[t * batch + b], expected[b].im[t], accuracy: 1e-4)
            }
        }
    }

    func testFastSizeHasOnlySmallFactors() {
        XCTAssertEqual(FFT.fastSize(atLeast: 1), 1)
        XCTAssertEqual(FFT.fastSize(atLeast: 7), 8)
        XCTAssertEqual(FFT.fastSize(atLeast: 97), 100)
        XCTAssertEqual(FFT.fastSize(atLeast: 541), 540 + 36)
    }

    /// 12 x 7 runs batched; 17 (prime, Bluestein) runs line by line.
    func testTwoDimensionalMatchesDefinitionAndRoundTrips() {
        for (width, height) in [(12, 7), (17, 6), (64, 45), (25, 30), (11, 13)] {
            checkTwoDimensional(width: width, height: height)
        }
    }

    private func checkTwoDimensional(width: Int, height: Int) {
        let re = randomSignal(width * height, seed: 1), im = randomSignal(width * height, seed: 2)
        var fRe = re, fIm = im
        let fft = FFT2D(width: width, height: height)
        fft.forward(re: &fRe, im: &fIm)
        // One coefficient against the 2D definition.
        let (u, v) = (5 % width, 3 % height)
        var sumRe = 0.0, sumIm = 0.0
        for y in 0..<height {
            for x in 0..<width {
                let angle = -2 * Double.pi * (Double(u * x) / Double(width) + Double(v * y) / Double(height))
                sumRe += Double(re[y * width + x]) * cos(angle) - Double(im[y * width + x]) * sin(angle)
                sumIm += Double(re[y * width + x]) * sin(angle) + Double(im[y * width + x]) * cos(angle)
            }
        }
        XCTAssertEqual(Double(fRe[v * width + u]), sumRe, accuracy: 2e-3, "\(width)x\(height)")
        XCTAssertEqual(Double(fIm[v * width + u]), sumIm, accuracy: 2e-3, "\(width)x\(height)")
        fft.inverse(re: &fRe, im: &fIm)
        for i in re.indices {
            XCTAssertEqual(fRe[i], re[i], accuracy: 1e-5)
            XCTAssertEqual(fIm[i], im[i], accuracy: 1e-5)
        }
    }

    /// Direct convolution with replicated edges, by the definition.
    private func bruteConvolve(_ plane: [Float], width: Int, height: Int, kernel: BlurKernel, flipped: Bool) -> [Float] {
        let c = kernel.size / 2
        var out = [Float](repeating: 0, count: plane.count)
        for y in 0..<height {
            for x in 0..<width {
                var sum: Float = 0
                for i in 0..<kernel.size {
                    for j in 0..<kernel.size {
                        let sy = flipped ? y + (i - c) : y - (i - c), sx = flipped ? x + (j - c) : x - (j - c)
                        sum += kernel.weights[i * kernel.size + j] * plane[min(max(sy, 0), height - 1) * width + min(max(sx, 0), width - 1)]
                    }
                }
                out[y * width + x] = sum
            }
        }
        return out
    }

    /// The convolution theorem: the FFT path equals direct convolution, and both the definition.
    func testConvolutionTheoremAgainstDirectConvolution() {
        let width = 37, height = 23
        var random = SeededRandom(seed: 9)
        let weights = (0..<49).map { _ in random.uniform() }
        let total = weights.reduce(0, +)
        let kernel = BlurKernel(size: 7, weights: weights.map { $0 / total })
        let planes = (0..<3).map { randomSignal(width * height, seed: 20 + UInt64($0)) }
        let direct = KernelConvolver(kernel: kernel, width: width, height: height, useFFT: false)
        let spectral = KernelConvolver(kernel: kernel, width: width, height: height, useFFT: true)
        XCTAssertTrue(spectral.usesFFT)
        XCTAssertFalse(direct.usesFFT)
        for adjoint in [false, true] {
            let a = direct.apply(planes, adjoint: adjoint), b = spectral.apply(planes, adjoint: adjoint)
            for p in 0..<3 {
                let reference = bruteConvolve(planes[p], width: width, height: height, kernel: kernel, flipped: adjoint)
                for i in reference.indices {
                    XCTAssertEqual(a[p][i], reference[i], accuracy: 1e-4)
                    XCTAssertEqual(b[p][i], reference[i], accuracy: 1e-4)
                }
            }
        }
    }

    func testPeriodicTaperHasNoJumpAtTheWrap() {
        let width = 20, height = 10
        // A ramp: its periodic extension would jump by 1 without the taper.
        let plane = (0..<(width * height)).map { Float($0 % width) / Float(width - 1) }
        let grid = PlanePadding.periodicTaper(plane, width: width, height: height, gridWidth: 32, gridHeight: 16)
        for y in 0..<16 {
            for x in 0..<32 {
                let step = abs(grid[y * 32 + (x + 1) % 32] - grid[y * 32 + x])
                XCTAssertLessThan(step, 0.2, "jump at (\(x), \(y))")
            }
        }
        XCTAssertEqual(grid[3 * 32 + 19], 1)
    }
}
