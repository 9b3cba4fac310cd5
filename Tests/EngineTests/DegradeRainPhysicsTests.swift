import XCTest
@testable import GenDegEngine

/// Rain is sparse noise convolved with a line kernel at the rain's angle, screen-blended:
/// denser and longer streaks with intensity, oriented along the wind, never darkening.
final class DegradeRainPhysicsTests: XCTestCase {
    static let side = 320

    func flat(_ level: Float) -> RGBImage {
        RGBImage(width: Self.side, height: Self.side, pixels: [Float](repeating: level, count: 3 * Self.side * Self.side))
    }

    /// The streak light alone: the green channel's change on a flat dark image, mist off.
    func streaks(intensity: Float, seed: UInt64) -> [Float] {
        let clean = flat(0.15)
        let rainy = RainDegradation(maxVeil: 0).apply(to: clean, intensity: intensity, seed: seed).image
        let n = Self.side * Self.side
        return (0..<n).map { rainy.pixels[n + $0] - clean.pixels[n + $0] }
    }

    func testScreenBlendNeverDarkens() {
        let scene = DegradeTestPhotos.syntheticScene(width: 120, height: 90)
        for intensity: Float in [0.15, 0.6, 1] {
            let rainy = RainDegradation(maxVeil: 0).apply(to: scene, intensity: intensity, seed: 4).image
            XCTAssertTrue(zip(rainy.pixels, scene.pixels).allSatisfy { $0 >= $1 }, "rain darkened a pixel at \(intensity)")
            XCTAssertNotEqual(rainy, scene)
        }
        // The default model's mist only starts above intensity 0.2.
        let light = RainDegradation().apply(to: scene, intensity: 0.2, seed: 4).image
        XCTAssertTrue(zip(light.pixels, scene.pixels).allSatisfy { $0 >= $1 })
    }

    func testStreakDensityGrowsWithIntensity() {
        let covered = [Float(0.15), 0.35, 0.6, 1].map { intensity in
            streaks(intensity: intensity, seed: 6).filter { $0 > 0.03 }.count
        }
        for i in 1..<covered.count {
            XCTAssertGreaterThan(Double(covered[i]), 1.15 * Double(covered[i - 1]), "streak pixels per intensity: \(covered)")
        }
    }

    /// The correlation length along the rain (the sum of the normalized autocorrelation of
    /// the streak light at lags 0...40 rows along the wind), about half the streak length.
    func correlationLength(_ values: [Float], angle: Float) -> Double {
        let n = Self.side
        let mean = values.reduce(0, +) / Float(values.count)
        let centered = values.map { Double($0 - mean) }
        var total = 0.0
        var zeroLag = 0.0
        for lag in 0...40 {
            let dx = Int((Float(lag) * tanf(angle)).rounded())
            var sum = 0.0
            for y in 0..<(n - lag) {
                for x in max(0, -dx)..<min(n, n - dx) { sum += centered[y * n + x] * centered[(y + lag) * n + x + dx] }
            }
            if lag == 0 { zeroLag = sum }
            total += sum / zeroLag
        }
        return total
    }

    func testStreakLengthGrowsWithIntensity() {
        let model = RainDegradation()
        let wind = model.angles(seed: 6).wind
        let short = correlationLength(streaks(intensity: 0.3, seed: 6), angle: wind)
        let long = correlationLength(streaks(intensity: 1, seed: 6), angle: wind)
        let geometry = DegradeGeometry(width: Self.side, height: Self.side)
        let layer = RainDegradation.layers[2]
        let kernelRatio = Double(model.streakLength(layer, strength: 1, geometry: geometry)
                                 / model.streakLength(layer, strength: 0.3, geometry: geometry))
        XCTAssertGreaterThan(kernelRatio, 1.3)
        XCTAssertGreaterThan(long / short, 1 + 0.5 * (kernelRatio - 1),
                             "correlation length along the rain: \(short) at 0.3, \(long) at 1 (kernel ratio \(kernelRatio))")
    }

    /// The direction in which the streak light is most like itself 8 rows further down: the
    /// horizontal shift that maximizes the autocorrelation at that vertical lag (refined by a
    /// parabola through the peak), as an angle from vertical. (A structure tensor is biased
    /// here by the streaks' ends.)
    func dominantAngle(_ light: [Float]) -> Float {
        let n = Self.side, lag = 8, reach = 8
        let mean = light.reduce(0, +) / Float(light.count)
        let centered = light.map { Double($0 - mean) }
        let correlation = (-reach...reach).map { dx -> Double in
            var sum = 0.0
            for y in 0..<(n - lag) {
                for x in reach..<(n - reach) { sum += centered[y * n + x] * centered[(y + lag) * n + x + dx] }
            }
            return sum
        }
        let peak = correlation.indices.max { correlation[$0] < correlation[$1] }!
        var shift = Double(peak - reach)
        if peak > 0 && peak < correlation.count - 1 {
            let (a, b, c) = (correlation[peak - 1], correlation[peak], correlation[peak + 1])
            shift += 0.5 * (a - c) / (a - 2 * b + c)
        }
        return Float(atan(shift / Double(lag)))
    }

    func testStreaksFollowTheRainAngle() {
        var winds: [Float] = []
        for seed: UInt64 in [1, 2, 3, 5, 8] {
            let wind = RainDegradation().angles(seed: seed).wind
            winds.append(wind)
            XCTAssertEqual(dominantAngle(streaks(intensity: 0.7, seed: seed)), wind, accuracy: 0.04,
                           "seed \(seed): streaks off the rain angle")
        }
        XCTAssertGreaterThan(winds.max()! - winds.min()!, 0.3, "the seeds should test several angles: \(winds)")
    }

    /// The line kernel itself: one point becomes a straight line `rows` long at the angle,
    /// with the point's weight spread evenly along it.
    func testLineKernelDrawsAStraightLineOfTheGivenLength() {
        let angle: Float = 0.3
        var canvas = LineKernelCanvas(imageWidth: 80, imageHeight: 80, angle: angle, margin: 20)
        // The canvas position of image pixel center (30.5, 40.5).
        let v: Float = 40.5 + 20, u = 30.5 - tanf(angle) * v + canvas.offset
        canvas.add(u: u, v: v, weight: 1)
        canvas.convolveWithLine(rows: 21)
        let image = canvas.unsheared()
        var rows: [Int] = []
        for y in 0..<80 {
            let row = image[(y * 80)..<(y * 80 + 80)]
            let mass = row.reduce(0, +)
            guard mass > 1e-6 else { continue }
            rows.append(y)
            XCTAssertEqual(mass, 1 / 21, accuracy: 1e-5, "row \(y) holds an uneven share")
            let center = zip(row.indices, row).reduce(Float(0)) { $0 + Float($1.0 - y * 80) * $1.1 } / mass + 0.5
            XCTAssertEqual(center, 30.5 + tanf(angle) * (Float(y) - 40), accuracy: 0.05, "row \(y) off the line")
        }
        XCTAssertEqual(rows, Array(30...50))
    }
}
