import XCTest
@testable import GenDegEngine

/// The low-light model's physics: Poisson photon counts plus Gaussian read noise in linear
/// light, the mean following the exposure.
final class DegradeLowLightPhysicsTests: XCTestCase {
    /// Both branches (multiplication below 10, PTRS from 10) against the Poisson pmf.
    func testPoissonSamplerFollowsThePoissonDistribution() {
        for lambda in [0.7, 4, 9.5, 10, 37, 800] {
            var random = SeededRandom(seed: UInt64(lambda * 10))
            let n = 200_000
            var histogram = [Int: Int]()
            var sum = 0.0, sumSquares = 0.0
            for _ in 0..<n {
                let k = random.poisson(lambda)
                histogram[k, default: 0] += 1
                sum += Double(k)
                sumSquares += Double(k * k)
            }
            let mean = sum / Double(n), variance = sumSquares / Double(n) - mean * mean
            XCTAssertEqual(mean, lambda, accuracy: 5 * (lambda / Double(n)).squareRoot(), "lambda \(lambda): mean")
            XCTAssertEqual(variance / lambda, 1, accuracy: 0.025, "lambda \(lambda): variance/mean (dispersion)")
            var worst = 0.0
            for k in max(0, Int(lambda - 4 * lambda.squareRoot()))...Int(lambda + 4 * lambda.squareRoot() + 2) {
                let pmf = exp(-lambda + Double(k) * log(lambda) - lgamma(Double(k) + 1))
                let observed = Double(histogram[k, default: 0]) / Double(n)
                worst = max(worst, abs(observed - pmf) / max(pmf, 0.002))
            }
            XCTAssertLessThan(worst, 0.12, "lambda \(lambda): empirical pmf strays from Poisson's")
        }
        var random = SeededRandom(seed: 1)
        XCTAssertEqual(random.poisson(0), 0)
        XCTAssertEqual(random.poisson(-3), 0)
    }

    /// Without read noise the readout is a whole number of photons (a Gaussian stand-in
    /// would give a continuum).
    func testSensorCountsWholePhotons() {
        let sensor = LowLightSensor(gains: SIMD3(repeating: 1), photonsPerUnit: 40, readNoise: 0)
        var row = [Float](repeating: 0.05, count: 20_000)
        var random = SeededRandom(seed: 7)
        row.withUnsafeMutableBufferPointer { sensor.expose($0, channel: 0, random: &random) }
        let counts = row.map { Double($0) * 40 }
        XCTAssertTrue(counts.allSatisfy { abs($0 - $0.rounded()) < 1e-4 }, "readouts are not whole photon counts")
        // Mean 2 photons: about e^-2 of the pixels count none.
        let zeros = Double(counts.filter { $0.rounded() == 0 }.count) / Double(counts.count)
        XCTAssertEqual(zeros, exp(-2), accuracy: 0.01)
    }

    /// var(readout) = mean / K + r^2: shot noise linear in the signal, read noise as the floor.
    func testReadoutVarianceIsLinearInSignalWithAReadNoiseFloor() {
        let sensor = LowLightDegradation().sensor(strength: 1, seed: 4)
        let levels: [Float] = [0, 0.1, 0.25, 0.5, 0.75, 1]
        var points: [(mean: Double, variance: Double)] = []
        for (index, level) in levels.enumerated() {
            var row = [Float](repeating: level, count: 60_000)
            var random = SeededRandom(seed: UInt64(index))
            row.withUnsafeMutableBufferPointer { sensor.expose($0, channel: 1, random: &random) }
            let (mean, variance) = Self.moments(row.map(Double.init))
            XCTAssertEqual(mean, Double(sensor.gains[1] * level), accuracy: 4 * (variance / 60_000).squareRoot() + 1e-7,
                           "the readout's mean is not the exposed signal at level \(level)")
            points.append((mean, variance))
        }
        let (slope, intercept) = Self.lineFit(points)
        XCTAssertEqual(slope, 1 / sensor.photonsPerUnit, accuracy: 0.05 / sensor.photonsPerUnit, "shot-noise slope")
        let floor = Double(sensor.readNoise * sensor.readNoise)
        XCTAssertEqual(intercept, floor, accuracy: 0.08 * floor, "read-noise floor")
        XCTAssertEqual(points[0].variance, floor, accuracy: 0.05 * floor, "no light: only read noise")
    }

    /// Through the whole model (gamma, sensor, gamma back) on flat gray images: in linear
    /// light the mean is the exposed signal and the variance follows the same line.
    func testModelMeanFollowsExposureAndNoiseFollowsTheSensor() {
        let model = LowLightDegradation()
        for strength: Float in [0.5, 1] {
            let sensor = model.sensor(strength: strength, seed: 9)
            for level: Float in [0.5, 0.85] {
                let image = RGBImage(width: 200, height: 150, pixels: [Float](repeating: level, count: 3 * 200 * 150))
                let dark = model.apply(to: image, intensity: strength, seed: 9).image
                for channel in 0..<3 {
                    let linear = (0..<(200 * 150)).map { Double(powf(dark.pixels[channel * 200 * 150 + $0], 2.2)) }
                    let (mean, variance) = Self.moments(linear)
                    let signal = Double(sensor.gains[channel] * powf(level, 2.2))
                    XCTAssertEqual(mean, signal, accuracy: 0.02 * signal, "strength \(strength) level \(level): mean")
                    let expected = signal / sensor.photonsPerUnit + Double(sensor.readNoise * sensor.readNoise)
                    XCTAssertEqual(variance, expected, accuracy: 0.1 * expected, "strength \(strength) level \(level): variance")
                }
            }
        }
        let full = model.sensor(strength: 1, seed: 9), half = model.sensor(strength: 0.5, seed: 9)
        XCTAssertEqual(Double(full.gains.sum() / 3), 0.03, accuracy: 0.03 * 0.04 + 1e-6, "exposure at intensity 1")
        XCTAssertLessThan(full.photonsPerUnit, half.photonsPerUnit, "fewer photons, more shot noise, as the light drops")
    }

    static func moments(_ values: [Double]) -> (mean: Double, variance: Double) {
        let mean = values.reduce(0, +) / Double(values.count)
        return (mean, values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count))
    }

    static func lineFit(_ points: [(mean: Double, variance: Double)]) -> (slope: Double, intercept: Double) {
        let n = Double(points.count)
        let mx = points.map(\.mean).reduce(0, +) / n, my = points.map(\.variance).reduce(0, +) / n
        let sxy = points.reduce(0) { $0 + ($1.mean - mx) * ($1.variance - my) }
        let sxx = points.reduce(0) { $0 + ($1.mean - mx) * ($1.mean - mx) }
        return (sxy / sxx, my - sxy / sxx * mx)
    }
}
