import XCTest
@testable import GenDegEngine

/// The building blocks under the physical models, each against a plain reference.
final class DegradeFilterTests: XCTestCase {
    func testBoxBlurMatchesDirectSumWithFractionalRadius() {
        var random = SeededRandom(seed: 1)
        let (w, h) = (23, 11)
        let input = (0..<(2 * w * h)).map { _ in random.uniform() }
        for (rx, ry) in [(Float(1.5), Float(0.7)), (2, 3.25), (30, 0.4), (0, 2.5)] {
            var fast = input
            BoxBlur.box(&fast, width: w, height: h, radiusX: rx, radiusY: ry, passes: 1)
            let expected = Self.directBox(Self.directBox(input, w, h, rx, horizontal: true), w, h, ry, horizontal: false)
            for i in input.indices { XCTAssertEqual(fast[i], expected[i], accuracy: 1e-4, "radii \(rx), \(ry) at \(i)") }
        }
    }

    func testGaussianKeepsConstantsAndMass() {
        var constant = [Float](repeating: 0.37, count: 3 * 17 * 9)
        BoxBlur.gaussian(&constant, width: 17, height: 9, sigma: 4)
        XCTAssertTrue(constant.allSatisfy { abs($0 - 0.37) < 1e-5 })
        // A centered impulse far from the edges keeps its mass and spreads with about the asked sigma.
        let n = 81
        for sigma: Float in [0.4, 1.3, 3, 7.2] {
            var impulse = [Float](repeating: 0, count: n * n)
            impulse[40 * n + 40] = 1
            BoxBlur.gaussian(&impulse, width: n, height: n, sigma: sigma)
            XCTAssertEqual(impulse.reduce(0, +), 1, accuracy: 1e-4)
            var variance: Float = 0
            for y in 0..<n { for x in 0..<n { variance += impulse[y * n + x] * Float((x - 40) * (x - 40)) } }
            XCTAssertEqual(variance.squareRoot(), sigma, accuracy: 0.01 * sigma)
        }
    }

    func testKernelConvolutionMatchesDirectConvolution() {
        var random = SeededRandom(seed: 4)
        let image = RGBImage(width: 13, height: 7, pixels: (0..<(3 * 13 * 7)).map { _ in random.uniform() })
        var weights = (0..<25).map { _ in random.uniform() < 0.5 ? 0 : random.uniform() }
        let total = weights.reduce(0, +)
        weights = weights.map { $0 / total }
        let kernel = BlurKernel(size: 5, weights: weights)
        let fast = KernelConvolution.convolve(image, with: kernel)
        let expected = DegradeMotionBlurTests.naiveConvolution(image, kernel)
        for i in fast.pixels.indices { XCTAssertEqual(fast.pixels[i], expected.pixels[i], accuracy: 1e-5) }
    }

    func testSplatKeepsWeightInsideTheLayer() {
        var layer = SplatLayer(width: 10, height: 10)
        layer.splat(x: 4.3, y: 6.8, weight: 2)
        layer.splat(x: 0.5, y: 0.5, weight: 1)
        XCTAssertEqual(layer.values.reduce(0, +), 3, accuracy: 1e-5)
        XCTAssertEqual(layer.values[0], 1, accuracy: 1e-6, "a splat at a pixel center lands on that pixel")
        layer.splat(x: -5, y: 3, weight: 1) // entirely outside: dropped
        XCTAssertEqual(layer.values.reduce(0, +), 3, accuracy: 1e-5)
    }

    func testCapsuleCoverageIsBoundedAndOrderIndependent() {
        var forward = SplatLayer(width: 20, height: 20), backward = forward
        let capsules: [(Float, Float, Float, Float, Float)] = [(5, 5, 9, 12, 3), (7, 8, 7, 8, 0.4), (10, 3, 15, 15, 5)]
        for c in capsules { forward.coverCapsule(ax: c.0, ay: c.1, bx: c.2, by: c.3, radius: c.4, softness: 0.5, opacity: 0.9) }
        for c in capsules.reversed() { backward.coverCapsule(ax: c.0, ay: c.1, bx: c.2, by: c.3, radius: c.4, softness: 0.5, opacity: 0.9) }
        for i in forward.values.indices {
            XCTAssertEqual(forward.values[i], backward.values[i], accuracy: 1e-5)
            XCTAssertTrue(forward.values[i] >= 0 && forward.values[i] <= 1)
        }
        XCTAssertGreaterThan(forward.values[8 * 20 + 7], 0.8, "the middle of a capsule should be nearly opaque")
    }

    func testSmoothNoiseIsInRangeAndResolutionIndependent() {
        let small = SmoothNoise.field(width: 64, height: 40, cells: 3, octaves: 2, seed: 9)
        let large = SmoothNoise.field(width: 128, height: 80, cells: 3, octaves: 2, seed: 9)
        XCTAssertTrue(small.allSatisfy { $0 >= 0 && $0 <= 1 })
        XCTAssertGreaterThan(small.max()! - small.min()!, 0.2, "the field should vary")
        var worst: Float = 0
        for y in 0..<40 { for x in 0..<64 { worst = max(worst, abs(small[y * 64 + x] - large[(2 * y) * 128 + 2 * x])) } }
        XCTAssertLessThan(worst, 0.05)
        XCTAssertNotEqual(small, SmoothNoise.field(width: 64, height: 40, cells: 3, octaves: 2, seed: 10))
    }

    func testBoxDownsampleAveragesBlocksIncludingCutEdges() {
        let planes: [Float] = [1, 2, 3,
                               4, 5, 6]
        let (out, w, h) = BoxDownsample.shrink(planes, width: 3, height: 2, factor: 2)
        XCTAssertEqual(w, 2)
        XCTAssertEqual(h, 1)
        XCTAssertEqual(out, [3, 4.5])
    }

    func testGammaTablesMatchPow() {
        for i in 0...200 {
            let x = Float(i) / 200
            XCTAssertEqual(GammaTables.toLinear.value(at: x), powf(x, 2.2), accuracy: 1e-4)
            XCTAssertEqual(GammaTables.fromLinearBySquareRoot.value(at: x.squareRoot()), powf(x, 1 / 2.2), accuracy: 2e-3)
        }
    }

    /// One box pass with a fractional radius, written out tap by tap.
    static func directBox(_ input: [Float], _ w: Int, _ h: Int, _ radius: Float, horizontal: Bool) -> [Float] {
        guard radius > 0 else { return input }
        let whole = Int(radius), fraction = radius - Float(whole)
        var output = input
        let planes = input.count / (w * h)
        for p in 0..<planes {
            for y in 0..<h {
                for x in 0..<w {
                    var sum: Float = 0
                    for k in -(whole + 1)...(whole + 1) {
                        let weight: Float = abs(k) <= whole ? 1 : fraction
                        let sx = horizontal ? min(max(x + k, 0), w - 1) : x
                        let sy = horizontal ? y : min(max(y + k, 0), h - 1)
                        sum += weight * input[p * w * h + sy * w + sx]
                    }
                    output[p * w * h + y * w + x] = sum / (2 * radius + 1)
                }
            }
        }
        return output
    }
}
