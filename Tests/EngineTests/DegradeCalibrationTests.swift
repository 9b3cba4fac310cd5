import XCTest
@testable import GenDegEngine

/// Bringing each degradation to a target GenDeg mu on real photos.
final class DegradeCalibrationTests: XCTestCase {
    func testReachesTargetsWithinToleranceForEveryType() throws {
        let image = try DegradeTestPhotos.photo("picosdeeuropa_by_Aitzol_Berasategi.jpg", width: 256)
        var checked = Set<DegradationType>()
        for type in DegradationType.allCases {
            let reachable = IntensityCalibrator.reachableMu(type: type, image: image, seed: 3)
            for target in [0.05, 0.1, 0.2] where target <= reachable.upperBound {
                let calibrated = try IntensityCalibrator.reach(targetMu: target, type: type, image: image, seed: 3)
                // Measured again from scratch on the returned full-size image.
                let measured = DegradationStats.measure(clean: image, degraded: calibrated.result.image)
                XCTAssertEqual(measured, calibrated.stats, "\(type.rawValue): reported stats are not those of the result")
                XCTAssertEqual(measured.mu, target, accuracy: 0.005, "\(type.rawValue) missed target \(target)")
                XCTAssertTrue((0...1).contains(calibrated.intensity))
                XCTAssertEqual(calibrated.result.image,
                               PhysicalDegradations.apply(type, to: image, intensity: calibrated.intensity, seed: 3).image,
                               "\(type.rawValue): the result is not the model at the reported intensity")
                checked.insert(type)
            }
        }
        XCTAssertEqual(checked, Set(DegradationType.allCases), "every type should reach at least mu 0.05 on this photo")
    }

    func testReachesTargetsOnASecondPhoto() throws {
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
