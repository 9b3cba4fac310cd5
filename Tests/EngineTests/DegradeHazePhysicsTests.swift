import XCTest
@testable import GenDegEngine

/// Haze is Koschmieder's law, I = J t + A (1 - t), t = exp(-beta d), with a known depth map
/// or a guessed one.
final class DegradeHazePhysicsTests: XCTestCase {
    let scene = DegradeTestPhotos.syntheticScene(width: 48, height: 40)

    /// A depth map with structure in both directions: a ramp plus a checker.
    func depthMap(width: Int, height: Int) -> HazeDepthMap {
        var values = [Float](repeating: 0, count: width * height)
        for y in 0..<height {
            for x in 0..<width {
                values[y * width + x] = 0.8 * Float(x) / Float(width - 1) + ((x / 4 + y / 4) % 2 == 0 ? 0.2 : 0)
            }
        }
        return HazeDepthMap(width: width, height: height, values: values)
    }

    func testKnownDepthGivesKoschmiedersLawExactly() {
        let depth = depthMap(width: scene.width, height: scene.height)
        let model = HazeDegradation(depth: depth)
        for (intensity, seed) in [(Float(0.3), UInt64(1)), (1, 7)] {
            let (beta, airlight) = model.parameters(intensity: intensity, seed: seed)
            XCTAssertEqual(beta, model.maxScattering * intensity)
            let hazy = model.apply(to: scene, intensity: intensity, seed: seed).image
            for c in 0..<3 {
                for y in 0..<scene.height {
                    for x in 0..<scene.width {
                        let t = expf(-beta * depth.values[y * scene.width + x])
                        let expected = scene[c, y, x] * t + airlight[c] * (1 - t)
                        XCTAssertEqual(hazy[c, y, x], expected, accuracy: 1e-6, "channel \(c) at (\(x), \(y))")
                    }
                }
            }
        }
    }

    /// Depth 0 leaves the scene as it is however thick the haze; depth 1 gives
    /// t = exp(-beta), the same everywhere, so every pixel moves toward A by the same share.
    func testNearIsClearAndFarTendsToTheAirlight() {
        let (w, h) = (scene.width, scene.height)
        let split = HazeDepthMap(width: w, height: h, values: (0..<(w * h)).map { $0 % w < w / 2 ? 0 : 1 })
        let model = HazeDegradation(depth: split)
        let hazy = model.apply(to: scene, intensity: 1, seed: 3).image
        let (beta, airlight) = model.parameters(intensity: 1, seed: 3)
        for c in 0..<3 {
            for y in 0..<h {
                for x in 0..<w {
                    if x < w / 2 {
                        XCTAssertEqual(hazy[c, y, x], scene[c, y, x], "near pixels must stay clear")
                    } else {
                        // (I - A) / (J - A) is the transmission exp(-beta) wherever J differs from A.
                        let difference = scene[c, y, x] - airlight[c]
                        if abs(difference) > 0.05 {
                            XCTAssertEqual((hazy[c, y, x] - airlight[c]) / difference, expf(-beta), accuracy: 1e-4)
                        }
                    }
                }
            }
        }
        XCTAssertTrue(airlight.min() > 0.7 && airlight.max() < 0.97, "airlight should be a light gray: \(airlight)")
    }

    /// A map of another size is resized to the image (bilinearly), and it replaces the proxy.
    func testDepthMapOfAnotherSizeIsResizedAndReplacesTheProxy() {
        let small = depthMap(width: 12, height: 10)
        let resized = small.resized(width: scene.width, height: scene.height)
        XCTAssertEqual(resized.width, scene.width)
        XCTAssertTrue(resized.values.allSatisfy { (0...1).contains($0) })
        let fromSmall = HazeDegradation(depth: small).apply(to: scene, intensity: 0.7, seed: 2).image
        let fromResized = HazeDegradation(depth: resized).apply(to: scene, intensity: 0.7, seed: 2).image
        let guessed = HazeDegradation().apply(to: scene, intensity: 0.7, seed: 2).image
        XCTAssertEqual(fromSmall, fromResized)
        XCTAssertNotEqual(fromSmall, guessed)
    }

    /// Without a depth map the proxy puts depth in [0.12, 1], growing toward the top of the
    /// frame: solve Koschmieder's law for t and check it.
    func testGuessedDepthLiesInRangeAndGrowsTowardTheTop() {
        let flat = RGBImage(width: 64, height: 64, pixels: [Float](repeating: 0.1, count: 3 * 64 * 64))
        let model = HazeDegradation()
        let (beta, airlight) = model.parameters(intensity: 0.8, seed: 5)
        let hazy = model.apply(to: flat, intensity: 0.8, seed: 5).image
        var rowDepth = [Float](repeating: 0, count: 64)
        for y in 0..<64 {
            for x in 0..<64 {
                let t = (hazy[1, y, x] - airlight[1]) / (0.1 - airlight[1])
                let d = -logf(t) / beta
                XCTAssertTrue(d >= 0.12 - 1e-3 && d <= 1 + 1e-3, "guessed depth \(d) outside [0.12, 1]")
                rowDepth[y] += d / 64
            }
        }
        XCTAssertGreaterThan(rowDepth[2], rowDepth[61] + 0.2, "the top of the frame should be guessed farther")
    }

    /// A 16-bit gray PNG gives its gray levels as depth (dark = near).
    func testDepthFromA16BitGrayPNG() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gendeg-depth-\(getpid())").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let map = depthMap(width: 20, height: 8)
        let gray = RGBImage(width: 20, height: 8, pixels: map.values + map.values + map.values)
        try ImageIO.writePNG(gray, to: "\(folder)/depth.png", bitDepth: 16)
        let read = HazeDepthMap(grayImage: try ImageIO.read("\(folder)/depth.png"))
        for (got, want) in zip(read.values, map.values) { XCTAssertEqual(got, want, accuracy: 1 / 65535) }
    }
}
