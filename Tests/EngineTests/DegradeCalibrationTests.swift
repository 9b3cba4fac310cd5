import XCTest
@testable import GenDegEngine

/// Bringing each degradation to a target GenDeg mu on real photos.
final class DegradeCalibrationTests: XCTestCase {
    /// Targets where real data lies: the quartiles and the 95th percentile of the type's real
    /// mu (all datasets of intensity-stats.json pooled).
    static let percentiles = [0.25, 0.5, 0.75, 0.95]
    /// How many of them every type must have in reach on every photo, so no type passes on
    /// a single easy target.
    static let minimumTargetsInReach = 3

    /// Every type, on every typical real photo, reaches every target in its reach within
    /// 0.005, and has at least `minimumTargetsInReach` of the targets in reach.
    func testReachesSeveralTargetsOnEveryRealPhoto() throws {
        let stats = try DegradeRealReachTests.loadIntensityStats()
        for (index, name) in DegradeTestPhotos.typicalNames.enumerated() {
            let image = try DegradeTestPhotos.photo(name, width: 224)
            let seed = UInt64(index + 3)
            for type in DegradationType.allCases {
                let targets = try Self.percentiles.map { try DegradeRealReachTests.pooledMuPercentile(stats, type: type, fraction: $0) }
                let reachable = IntensityCalibrator.reachableMu(type: type, image: image, seed: seed)
                let inReach = targets.filter { $0 <= reachable.upperBound }
                XCTAssertGreaterThanOrEqual(inReach.count, Self.minimumTargetsInReach,
                                            "\(type.rawValue) on \(name) reaches only mu \(reachable.upperBound) of \(targets)")
                for target in inReach {
                    let calibrated = try IntensityCalibrator.reach(targetMu: target, type: type, image: image, seed: seed)
                    // Measured again from scratch on the returned full-size image.
                    let measured = DegradationStats.measure(clean: image, degraded: calibrated.result.image)
                    XCTAssertEqual(measured, calibrated.stats, "\(type.rawValue): reported stats are not those of the result")
                    XCTAssertEqual(measured.mu, target, accuracy: 0.005, "\(type.rawValue) on \(name) missed target \(target)")
                    XCTAssertTrue((0...1).contains(calibrated.intensity))
                    XCTAssertEqual(calibrated.result.image,
                                   PhysicalDegradations.apply(type, to: image, intensity: calibrated.intensity, seed: seed).image,
                                   "\(type.rawValue): the result is not the model at the reported intensity")
                }
            }
        }
    }

    func testReachesATighterToleranceOnASecondPhoto() throws {
        let image = try DegradeTestPhotos.photo("Wine_by_Jakkub_Mede.jpg", width: 160)
        for type in [DegradationType.rain, .lowLight, .raindrop] {
            let calibrated = try IntensityCalibrator.reach(targetMu: 0.07, type: type, image: image, seed: 8, tolerance: 0.003)
            XCTAssertEqual(DegradationStats.measure(clean: image, degraded: calibrated.result.image).mu, 0.07, accuracy: 0.003,
                           "\(type.rawValue) missed 0.07 within 0.003")
        }
    }

    /// Images larger than the measurement size are searched on a downscaled copy first; the
    /// answer must still hold at full size.
    func testLargeImageIsRefinedAtFullSize() throws {
        let image = try DegradeTestPhotos.photo("life_by_Aitzol_Berasategi.jpg", width: 500)
        XCTAssertNotNil(IntensityCalibrator.workingCopy(of: image), "this test needs the downscaled search path")
        for type in [DegradationType.snow] {
            let calibrated = try IntensityCalibrator.reach(targetMu: 0.06, type: type, image: image, seed: 2)
            XCTAssertEqual(calibrated.result.image.width, image.width)
            XCTAssertEqual(DegradationStats.measure(clean: image, degraded: calibrated.result.image).mu, 0.06, accuracy: 0.005)
        }
    }

    func testOutOfReachTargetThrowsWithReachableRange() throws {
        let image = DegradeTestPhotos.syntheticScene(width: 64, height: 48)
        let reachable = IntensityCalibrator.reachableMu(type: .haze, image: image, seed: 1)
        XCTAssertEqual(reachable.lowerBound, 0)
        XCTAssertGreaterThan(reachable.upperBound, 0.05)
        XCTAssertLessThan(reachable.upperBound, 0.65)
        XCTAssertThrowsError(try IntensityCalibrator.reach(targetMu: 0.65, type: .haze, image: image, seed: 1)) { error in
            guard case let IntensityError.outOfReach(target, range) = error else {
                return XCTFail("expected outOfReach, got \(error)")
            }
            XCTAssertEqual(target, 0.65)
            XCTAssertEqual(range, reachable)
            let text = String(describing: error)
            XCTAssertTrue(text.contains("0.650") && text.contains(String(format: "%.3f", reachable.upperBound)), text)
        }
        XCTAssertThrowsError(try IntensityCalibrator.reach(targetMu: -0.2, type: .rain, image: image, seed: 1))
    }

    func testInvalidTargetOrToleranceThrows() {
        let image = DegradeTestPhotos.syntheticScene(width: 16, height: 16)
        XCTAssertThrowsError(try IntensityCalibrator.reach(targetMu: .nan, type: .snow, image: image, seed: 1)) { error in
            guard case let IntensityError.invalidTarget(target, tolerance) = error else {
                return XCTFail("expected invalidTarget, got \(error)")
            }
            XCTAssertTrue(target.isNaN)
            XCTAssertEqual(tolerance, 0.005)
        }
        XCTAssertThrowsError(try IntensityCalibrator.reach(targetMu: 0.1, type: .snow, image: image, seed: 1, tolerance: 0))
    }

    func testTargetNearZeroGivesTheCleanImage() throws {
        let image = DegradeTestPhotos.syntheticScene(width: 32, height: 24)
        let calibrated = try IntensityCalibrator.reach(targetMu: 0.002, type: .lowLight, image: image, seed: 1)
        XCTAssertEqual(calibrated.intensity, 0)
        XCTAssertEqual(calibrated.result.image, image)
        XCTAssertEqual(calibrated.stats.mu, 0)
    }

    func testTinyImagesCalibrateWithoutCrashing() {
        let image = DegradeTestPhotos.syntheticScene(width: 1, height: 1)
        for type in [DegradationType.haze, .motionBlur, .lowLight] {
            let reachable = IntensityCalibrator.reachableMu(type: type, image: image, seed: 1)
            XCTAssertTrue(reachable.upperBound.isFinite)
            if reachable.upperBound > 0.02 {
                XCTAssertNoThrow(try IntensityCalibrator.reach(targetMu: reachable.upperBound / 2, type: type, image: image, seed: 1))
            }
        }
    }
}
