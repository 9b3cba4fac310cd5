import XCTest
@testable import GenDegEngine

final class RestoreFilterTests: XCTestCase {
    private let width = 11, height = 7

    private func randomPlane(seed: UInt64) -> [Float] {
        var random = SeededRandom(seed: seed)
        return (0..<(width * height)).map { _ in random.uniform() }
    }

    /// The samples of the (2r+1)^2 window around (x, y), clipped to the plane.
    private func window(_ plane: [Float], _ x: Int, _ y: Int, _ r: Int) -> [Float] {
        var values: [Float] = []
        for wy in max(0, y - r)...min(height - 1, y + r) {
            for wx in max(0, x - r)...min(width - 1, x + r) { values.append(plane[wy * width + wx]) }
        }
        return values
    }

    private func bruteMean(_ plane: [Float], _ r: Int) -> [Float] {
        (0..<(width * height)).map { i in
            let values = window(plane, i % width, i / width, r)
            return values.reduce(0, +) / Float(values.count)
        }
    }

    func testBoxMeanMatchesBruteForce() {
        let plane = randomPlane(seed: 1)
        for r in [0, 1, 2, 5, 20] {
            let fast = BoxFilter.mean(plane, width: width, height: height, radius: r)
            let slow = bruteMean(plane, r)
            for i in plane.indices { XCTAssertEqual(fast[i], slow[i], accuracy: 1e-5, "radius \(r)") }
        }
    }

    func testMinAndMaxFilterMatchBruteForce() {
        let plane = randomPlane(seed: 2)
        for r in [1, 2, 3, 7, 15] {
            let fastMin = MinFilter.minimum(plane, width: width, height: height, radius: r)
            let fastMax = MinFilter.maximum(plane, width: width, height: height, radius: r)
            for i in plane.indices {
                let values = window(plane, i % width, i / width, r)
                XCTAssertEqual(fastMin[i], values.min()!, "min radius \(r)")
                XCTAssertEqual(fastMax[i], values.max()!, "max radius \(r)")
            }
        }
    }

    func testMedianMatchesBruteForceWithReplicatedEdges() {
        let plane = randomPlane(seed: 3)
        for r in [1, 3] {
            let fast = MedianFilter.median(plane, width: width, height: height, radius: r)
            for y in 0..<height {
                for x in 0..<width {
                    var values: [Float] = []
                    for dy in -r...r {
                        for dx in -r...r {
                            values.append(plane[min(max(y + dy, 0), height - 1) * width + min(max(x + dx, 0), width - 1)])
                        }
                    }
                    let median = values.sorted()[values.count / 2]
                    XCTAssertEqual(fast[y * width + x], median, accuracy: 1.0 / 255, "radius \(r) at (\(x), \(y))")
                }
            }
        }
    }

    /// He's guided filter written out window by window.
    func testGuidedFilterMatchesBruteForce() {
        let guide = randomPlane(seed: 4), input = randomPlane(seed: 5)
        let r = 2, epsilon: Float = 1e-2
        let meanGuide = bruteMean(guide, r), meanInput = bruteMean(input, r)
        let meanGuideSquared = bruteMean(guide.map { $0 * $0 }, r)
        let meanProduct = bruteMean(zip(guide, input).map { $0 * $1 }, r)
        var a = [Float](repeating: 0, count: guide.count), b = a
        for i in guide.indices {
            let variance = meanGuideSquared[i] - meanGuide[i] * meanGuide[i]
            a[i] = (meanProduct[i] - meanGuide[i] * meanInput[i]) / (variance + epsilon)
            b[i] = meanInput[i] - a[i] * meanGuide[i]
        }
        let meanA = bruteMean(a, r), meanB = bruteMean(b, r)
        let fast = GuidedFilter.filter(guide: guide, input: input, width: width, height: height, radius: r, epsilon: epsilon)
        for i in guide.indices { XCTAssertEqual(fast[i], meanA[i] * guide[i] + meanB[i], accuracy: 1e-4) }
    }

    func testGuidedFilterKeepsAnEdgeThatABoxBlurs() {
        // A step edge guiding itself survives; a box filter smears it.
        let plane = (0..<(width * height)).map { Float($0 % width < 5 ? 0 : 1) }
        let guided = GuidedFilter.filter(guide: plane, input: plane, width: width, height: height, radius: 2, epsilon: 1e-4)
        let box = BoxFilter.mean(plane, width: width, height: height, radius: 2)
        XCTAssertEqual(guided[3 * width + 4], 0, accuracy: 0.02)
        XCTAssertEqual(guided[3 * width + 5], 1, accuracy: 0.02)
        XCTAssertGreaterThan(box[3 * width + 4], 0.3)
    }
}
