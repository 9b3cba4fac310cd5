import XCTest
@testable import GenDegEngine

/// Contracts every physical degradation keeps: determinism, exact identity at intensity 0,
/// samples in [0, 1], any image size, and mu growing with intensity.
final class DegradeModelTests: XCTestCase {
    let scene = DegradeTestPhotos.syntheticScene(width: 96, height: 64)

    func testSameSeedGivesIdenticalPixelsAndOtherSeedsDiffer() {
        for type in DegradationType.allCases {
            let first = PhysicalDegradations.apply(type, to: scene, intensity: 0.6, seed: 11)
            let again = PhysicalDegradations.apply(type, to: scene, intensity: 0.6, seed: 11)
            let other = PhysicalDegradations.apply(type, to: scene, intensity: 0.6, seed: 12)
            XCTAssertEqual(first.image, again.image, "\(type.rawValue) is not deterministic for a fixed seed")
            XCTAssertEqual(first.kernel, again.kernel, "\(type.rawValue) kernel is not deterministic")
            XCTAssertNotEqual(first.image, other.image, "\(type.rawValue) ignores its seed")
            XCTAssertNotEqual(first.image, scene, "\(type.rawValue) did nothing at intensity 0.6")
        }
    }

    func testZeroIntensityReturnsTheCleanImageExactly() {
        for type in DegradationType.allCases {
            for intensity: Float in [0, -0.5, .nan] {
                let result = PhysicalDegradations.apply(type, to: scene, intensity: intensity, seed: 5)
                XCTAssertEqual(result.image, scene, "\(type.rawValue) at intensity \(intensity) changed the image")
            }
        }
    }

    func testIntensityAboveOneActsAsOne() {
        for type in DegradationType.allCases {
            let one = PhysicalDegradations.apply(type, to: scene, intensity: 1, seed: 3)
            let more = PhysicalDegradations.apply(type, to: scene, intensity: 7, seed: 3)
            XCTAssertEqual(one.image, more.image, "\(type.rawValue) is not clamped at intensity 1")
        }
    }

    func testSamplesStayFiniteAndInUnitRange() {
        for type in DegradationType.allCases {
            for intensity: Float in [0.3, 1] {
                let image = PhysicalDegradations.apply(type, to: scene, intensity: intensity, seed: 8).image
                XCTAssertTrue(image.pixels.allSatisfy { $0.isFinite && $0 >= 0 && $0 <= 1 },
                              "\(type.rawValue) at \(intensity) left [0, 1]")
            }
        }
    }

    func testOddAndTinySizesWork() {
        let sizes = [(37, 23), (1, 1), (2, 1), (1, 5), (3, 2)]
        for (width, height) in sizes {
            let image = DegradeTestPhotos.syntheticScene(width: width, height: height)
            for type in DegradationType.allCases {
                for intensity: Float in [0.4, 1] {
                    let result = PhysicalDegradations.apply(type, to: image, intensity: intensity, seed: 2)
                    XCTAssertEqual(result.image.width, width)
                    XCTAssertEqual(result.image.height, height)
                    XCTAssertTrue(result.image.pixels.allSatisfy { $0.isFinite && $0 >= 0 && $0 <= 1 },
                                  "\(type.rawValue) on \(width)x\(height) produced samples outside [0, 1]")
                }
            }
        }
    }

    func testMuGrowsMonotonicallyWithIntensity() {
        let intensities: [Float] = (0...10).map { Float($0) / 10 }
        for type in DegradationType.allCases {
            let probe = MuProbe(model: PhysicalDegradations.model(for: type), image: scene, seed: 21)
            let mus = intensities.map { probe.evaluate($0).stats.mu }
            XCTAssertEqual(mus[0], 0, "\(type.rawValue): intensity 0 must measure mu 0")
            for i in 1..<mus.count {
                // One 8-bit level of slack for the measurement's rounding.
                XCTAssertGreaterThanOrEqual(mus[i], mus[i - 1] - 1.0 / 255,
                                            "\(type.rawValue): mu fell from \(mus[i - 1]) to \(mus[i]) at intensity \(intensities[i])")
            }
            XCTAssertGreaterThan(mus[10], mus[5] + 0.005, "\(type.rawValue): mu flat at the top of the slider: \(mus)")
            XCTAssertGreaterThan(mus[5], mus[1], "\(type.rawValue): mu flat in the middle of the slider: \(mus)")
        }
    }

    func testProbeMeasuresLikeDegradationStats() {
        for type in [DegradationType.haze, .motionBlur] {
            let probe = MuProbe(model: PhysicalDegradations.model(for: type), image: scene, seed: 4)
            let sample = probe.evaluate(0.7)
            XCTAssertEqual(sample.stats, DegradationStats.measure(clean: scene, degraded: sample.result.image))
        }
    }

    func testModelsReportTheirType() {
        for type in DegradationType.allCases {
            XCTAssertEqual(PhysicalDegradations.model(for: type).type, type)
        }
    }
}
