import XCTest
@testable import GenDegEngine

/// The calibrator's memory of a curve: same guarantee (within tolerance of the target), fewer
/// evaluations for the next target on the same (image, type, seed).
final class DegradeCalibrationMemoTests: XCTestCase {
    func photo() -> RGBImage {
        var random = SeededRandom(seed: 5)
        var image = RGBImage(width: 96, height: 80)
        for i in image.pixels.indices { image.pixels[i] = 0.2 + 0.6 * Float(i % 97) / 97 + random.uniform(-0.1...0.1) }
        return image
    }

    func testRememberedPointsShortenTheNextSearchAndKeepTheTolerance() throws {
        let image = photo()
        for type in [DegradationType.haze, .rain, .lowLight] {
            let memo = MuCurveMemo()
            let key = MuCurveMemo.key(image: image, type: type, seed: 3)
            let top = IntensityCalibrator.reachableMu(type: type, image: image, seed: 3).upperBound
            let first = try IntensityCalibrator.reach(targetMu: top * 0.4, type: type, image: image, seed: 3, memo: memo)
            XCTAssertEqual(first.stats.mu, top * 0.4, accuracy: 0.005, type.rawValue)
            let afterFirst = memo.points(key).count
            XCTAssertGreaterThanOrEqual(afterFirst, 2, "the strongest point and the answer are remembered")
            var warm = 0, cold = 0
            for fraction in [0.45, 0.5, 0.35, 0.42] {
                let before = memo.points(key).count
                let next = try IntensityCalibrator.reach(targetMu: top * fraction, type: type, image: image, seed: 3, memo: memo)
                XCTAssertEqual(next.stats.mu, top * fraction, accuracy: 0.005, "\(type.rawValue) at \(fraction)")
                XCTAssertEqual(DegradationStats.measure(clean: image, degraded: next.result.image).mu, next.stats.mu, accuracy: 1e-9)
                warm += memo.points(key).count - before
                // The same target searched from nothing, counting its full-size evaluations.
                let fresh = MuCurveMemo()
                _ = try IntensityCalibrator.reach(targetMu: top * fraction, type: type, image: image, seed: 3, memo: fresh)
                cold += fresh.points(key).count
            }
            XCTAssertLessThan(warm, cold, "\(type.rawValue): remembered points save evaluations")
        }
    }

    func testCurvesAreKeptApartByImageTypeAndSeed() {
        let image = photo()
        var other = image
        other.pixels[0] += 0.01
        let keys: Set = [
            MuCurveMemo.key(image: image, type: .haze, seed: 1), MuCurveMemo.key(image: other, type: .haze, seed: 1),
            MuCurveMemo.key(image: image, type: .rain, seed: 1), MuCurveMemo.key(image: image, type: .haze, seed: 2),
        ]
        XCTAssertEqual(keys.count, 4)
        XCTAssertEqual(MuCurveMemo.key(image: image, type: .haze, seed: 1), MuCurveMemo.key(image: image, type: .haze, seed: 1))
    }
}
