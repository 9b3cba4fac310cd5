import XCTest
@testable import GenDegEngine

/// The dark channel prior's pieces on a scene whose haze is known exactly.
final class RestoreDehazeModelTests: XCTestCase {
    let airlight: [Float] = [0.78, 0.84, 0.92]
    let transmission: Float = 0.6

    /// Top 12 rows: sky, pure airlight (t = 0). Below: random colours with one channel at zero
    /// (a dark channel of exactly 0, the prior's assumption) seen through transmission 0.6.
    func hazyScene(width: Int = 64, height: Int = 64) -> RGBImage {
        var random = SeededRandom(seed: 11)
        var image = RGBImage(width: width, height: height)
        let n = image.planeSize
        for y in 0..<height {
            for x in 0..<width {
                let i = y * width + x
                let zero = Int(random.next() % 3)
                for c in 0..<3 {
                    let scene: Float = c == zero ? 0 : random.uniform(0.1...0.7)
                    let t: Float = y < 12 ? 0 : transmission
                    image.pixels[c * n + i] = scene * t + airlight[c] * (1 - t)
                }
            }
        }
        return image
    }

    func testParametersAreHeSunAndTangs() {
        let dcp = DarkChannelPriorDehazer()
        XCTAssertEqual(dcp.patchSize, 15)
        XCTAssertEqual(dcp.omega, 0.95)
        XCTAssertEqual(dcp.minTransmission, 0.1)
        XCTAssertEqual(dcp.brightestFraction, 0.001)
        XCTAssertEqual(dcp.targets, [.haze])
    }

    func testAtmosphericLightIsTheBrightestOfTheMostOpaquePixels() {
        let image = hazyScene()
        let dcp = DarkChannelPriorDehazer()
        let dark = MinFilter.minimum(DarkChannelPriorDehazer.channelMinimum(image, scale: [1, 1, 1]),
                                     width: image.width, height: image.height, radius: 7)
        let light = dcp.atmosphericLight(image, dark: dark)
        for c in 0..<3 { XCTAssertEqual(light[c], airlight[c], accuracy: 1e-6) }
    }

    func testTransmissionIsOneMinusOmegaTimesTheNormalizedDarkChannel() {
        let image = hazyScene()
        let dcp = DarkChannelPriorDehazer()
        let estimate = dcp.transmissionEstimate(image, light: airlight)
        // Rows beyond one patch radius from the sky see only the textured region:
        // min_c I_c / A_c = 1 - t exactly, so t~ = 1 - 0.95 * 0.4.
        for y in 20..<64 {
            for x in 0..<64 { XCTAssertEqual(estimate[y * 64 + x], 1 - 0.95 * (1 - transmission), accuracy: 1e-5) }
        }
        XCTAssertEqual(estimate[0], 1 - 0.95, accuracy: 1e-5, "sky: t~ = 1 - omega")
    }

    func testDehazingRecoversTheSceneAwayFromTheSky() throws {
        let image = hazyScene()
        let restored = try DarkChannelPriorDehazer().restore(image, context: RestoreContext())
        // Recovered J = (I - A) / t~ + A with t~ = 0.62 against the true 0.6: within a few percent.
        let n = image.planeSize
        var error: Float = 0, count: Float = 0
        for c in 0..<3 {
            for i in (30 * 64)..<n {
                let hazy = image.pixels[c * n + i]
                let truth = (hazy - airlight[c] * (1 - transmission)) / transmission
                error += abs(restored.pixels[c * n + i] - truth)
                count += 1
            }
        }
        XCTAssertLessThan(error / count, 0.03)
    }
}
