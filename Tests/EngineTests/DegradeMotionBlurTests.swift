import XCTest
@testable import GenDegEngine

final class DegradeMotionBlurTests: XCTestCase {
    let scene = DegradeTestPhotos.syntheticScene(width: 40, height: 30)

    func testKernelIsReturnedNormalizedAndOddSized() throws {
        for seed: UInt64 in 1...6 {
            for intensity: Float in [0.02, 0.3, 1] {
                let result = PhysicalDegradations.apply(.motionBlur, to: scene, intensity: intensity, seed: seed)
                let kernel = try XCTUnwrap(result.kernel, "motion blur must return its kernel")
                XCTAssertEqual(kernel.size % 2, 1, "kernel size must be odd so it has a center")
                XCTAssertEqual(kernel.weights.reduce(0, +), 1, accuracy: 1e-5)
                XCTAssertTrue(kernel.weights.allSatisfy { $0 >= 0 })
            }
        }
    }

    func testZeroIntensityKernelIsTheIdentity() {
        let result = PhysicalDegradations.apply(.motionBlur, to: scene, intensity: 0, seed: 3)
        XCTAssertEqual(result.kernel, BlurKernel(size: 1, weights: [1]))
    }

    func testKernelGrowsWithIntensity() {
        let model = MotionBlurDegradation()
        let big = DegradeTestPhotos.syntheticScene(width: 512, height: 512)
        var previous = 0
        for intensity: Float in [0.1, 0.3, 0.5, 0.7, 1] {
            let size = model.kernel(for: big, intensity: intensity, seed: 9).size
            XCTAssertGreaterThanOrEqual(size, previous)
            previous = size
        }
        XCTAssertGreaterThan(previous, 31, "a full-strength shake should span more than 31 px at 512x512")
    }

    func testKernelScalesWithResolution() {
        let model = MotionBlurDegradation()
        let small = model.kernel(for: RGBImage(width: 256, height: 256), intensity: 1, seed: 4)
        let large = model.kernel(for: RGBImage(width: 1024, height: 1024), intensity: 1, seed: 4)
        XCTAssertEqual(Double(large.size) / Double(small.size), 4, accuracy: 0.6)
    }

    /// The returned kernel is exactly what was applied: a plain convolution with edge
    /// replication, written out here independently, gives the same image.
    func testResultIsTheImageConvolvedWithTheReturnedKernel() throws {
        let result = PhysicalDegradations.apply(.motionBlur, to: scene, intensity: 0.8, seed: 5)
        let kernel = try XCTUnwrap(result.kernel)
        XCTAssertGreaterThan(kernel.size, 3)
        let expected = Self.naiveConvolution(scene, kernel)
        for i in expected.pixels.indices {
            XCTAssertEqual(result.image.pixels[i], expected.pixels[i], accuracy: 1e-5)
        }
    }

    func testTrajectoryIsDeterministicAndSeedDependent() {
        XCTAssertEqual(CameraShakeTrajectory(seed: 3).points, CameraShakeTrajectory(seed: 3).points)
        XCTAssertNotEqual(CameraShakeTrajectory(seed: 3).points, CameraShakeTrajectory(seed: 4).points)
    }

    func testTrajectoryHasTheReferencePathLength() {
        let points = CameraShakeTrajectory(seed: 7).points
        var length: Float = 0
        for i in 1..<points.count {
            let d = points[i] - points[i - 1]
            length += (d.x * d.x + d.y * d.y).squareRoot()
        }
        XCTAssertEqual(length, CameraShakeTrajectory.referenceLength, accuracy: 0.05)
    }

    func testKernelSpreadMatchesTheRequest() {
        let kernel = CameraShakeTrajectory(seed: 2).kernel(rmsRadius: 10)
        let c = kernel.size / 2
        var meanX: Float = 0, meanY: Float = 0, second: Float = 0
        for y in 0..<kernel.size {
            for x in 0..<kernel.size {
                let w = kernel.weights[y * kernel.size + x]
                meanX += w * Float(x - c)
                meanY += w * Float(y - c)
                second += w * Float((x - c) * (x - c) + (y - c) * (y - c))
            }
        }
        XCTAssertEqual(meanX, 0, accuracy: 0.1, "kernel is not centered")
        XCTAssertEqual(meanY, 0, accuracy: 0.1, "kernel is not centered")
        // Bilinear splatting adds up to half a pixel of spread on each axis.
        XCTAssertEqual(second.squareRoot(), 10, accuracy: 0.6)
    }

    static func naiveConvolution(_ image: RGBImage, _ kernel: BlurKernel) -> RGBImage {
        var out = RGBImage(width: image.width, height: image.height)
        let r = kernel.size / 2
        for c in 0..<3 {
            for y in 0..<image.height {
                for x in 0..<image.width {
                    var sum: Float = 0
                    for ky in 0..<kernel.size {
                        for kx in 0..<kernel.size {
                            let sy = min(max(y - (ky - r), 0), image.height - 1)
                            let sx = min(max(x - (kx - r), 0), image.width - 1)
                            sum += kernel.weights[ky * kernel.size + kx] * image[c, sy, sx]
                        }
                    }
                    out[c, y, x] = sum
                }
            }
        }
        return out
    }
}
