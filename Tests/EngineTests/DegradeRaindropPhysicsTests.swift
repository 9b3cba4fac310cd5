import XCTest
@testable import GenDegEngine

/// Raindrops are refracting spherical caps: Snell's law through the cap gives a shrunk,
/// inverted, blurred view of the surroundings, dark rims (Fresnel, total internal
/// reflection) and soft edges.
final class DegradeRaindropPhysicsTests: XCTestCase {
    static let side = 512
    let drop = RaindropDegradation.Drop(x: 256, y: 256, radius: 40, aspect: 1, opacity: 1, contactAngle: 1.2)

    func image(_ value: (Int, Int) -> Float) -> RGBImage {
        let n = Self.side
        var plane = [Float](repeating: 0, count: n * n)
        for y in 0..<n { for x in 0..<n { plane[y * n + x] = value(x, y) } }
        return RGBImage(width: n, height: n, pixels: plane + plane + plane)
    }

    /// At the table's own samples (no interpolation), the exit angle obeys n sin(theta_1) =
    /// sin(theta_1 + delta); past the critical angle nothing is transmitted.
    func testCapRefractionFollowsSnellsLaw() {
        let lens = SphericalCapLens(contactRadius: 1, height: 0.6)
        let sphereRadius: Float = (1 + 0.36) / 1.2
        XCTAssertEqual(lens.sineOfContactAngle, 1 / sphereRadius, accuracy: 1e-6)
        for i in [4, 16, 32, 48] {
            let rho = Float(i) / Float(SphericalCapLens.samples)
            let (bend, transmitted) = lens.optics(at: rho)
            let theta1 = asinf(rho / sphereRadius)
            let delta = atanf(rho * bend)
            XCTAssertEqual(sinf(theta1 + delta), 1.33 * sinf(theta1), accuracy: 1e-5, "Snell's law at rho \(rho)")
            XCTAssertGreaterThan(transmitted, 0.5)
        }
        XCTAssertEqual(lens.optics(at: 0).bend, 0.33 / sphereRadius, accuracy: 1e-6, "paraxial bend (n - 1) r / R")
        XCTAssertEqual(lens.optics(at: 0).transmittance, 1 - powf(0.33 / 2.33, 2), accuracy: 1e-5, "normal-incidence Fresnel")
        // Total internal reflection from rho sin(theta_c) = 1 / 1.33 on: rho = 0.853 here.
        XCTAssertEqual(lens.optics(at: 0.87).transmittance, 0)
        XCTAssertGreaterThan(lens.optics(at: 0.83).transmittance, 0)
        let hemisphere = SphericalCapLens(contactRadius: 2, contactAngle: .pi / 2)
        XCTAssertEqual(hemisphere.sineOfContactAngle, 1, accuracy: 1e-6)
    }

    /// Under a gradient, the drop shows it reversed and steeper (a wider field squeezed in):
    /// a shrunk, inverted view, horizontally and vertically.
    func testDropShowsAShrunkInvertedViewOfItsSurroundings() {
        let n = Float(Self.side - 1)
        let model = RaindropDegradation()
        for horizontal in [true, false] {
            let clean = image { x, y in Float(horizontal ? x : y) / n }
            let wet = model.render([drop], on: clean)
            let along: (Int) -> Float = { offset in
                horizontal ? wet[1, 256, 256 + offset] : wet[1, 256 + offset, 256]
            }
            let cleanSlope = 1 / n
            for offset in stride(from: -16, to: 16, by: 4) {
                let slope = (along(offset + 4) - along(offset)) / 4
                XCTAssertLessThan(slope, -1.5 * cleanSlope,
                                  "\(horizontal ? "x" : "y") offset \(offset): the view through the drop should be inverted and shrunk")
            }
            // Outside the drop, the scene is untouched.
            XCTAssertEqual(along(60), horizontal ? clean[1, 256, 316] : clean[1, 316, 256])
        }
    }

    func testRimIsDarkerThanTheCenterAndTheEdgeIsSoft() {
        let gray: Float = 0.6
        let wet = RaindropDegradation().render([drop], on: image { _, _ in gray })
        let profile = (0..<56).map { wet[1, 256, 256 + $0] } // pixel centers at rho = (k + 0.5) / 40
        let center = profile[0]
        XCTAssertEqual(center, gray, accuracy: 0.03, "the center transmits nearly all the light")
        let rim = profile[33...35] // rho 0.84 to 0.89: past total internal reflection (0.81)
        XCTAssertLessThan(rim.max()!, 0.5 * center, "the rim should be dark: \(Array(rim))")
        // From the darkest rim pixel out to the background, the edge ramps over several pixels.
        let darkest = profile.indices.min { profile[$0] < profile[$1] }!
        let span = gray - profile[darkest]
        let ramp = profile[darkest...].filter { $0 > profile[darkest] + 0.1 * span && $0 < gray - 0.1 * span }
        XCTAssertGreaterThanOrEqual(ramp.count, 3, "the edge is hard: \(Array(profile[darkest...]))")
        for k in darkest..<(profile.count - 1) {
            XCTAssertLessThan(abs(profile[k + 1] - profile[k]), 0.5 * span, "a step at rho \(Float(k) / 40)")
        }
    }

    /// The view through the drop is out of focus: a fine checkerboard averages out.
    func testTheViewThroughTheDropIsBlurred() {
        let checker = image { x, y in (x / 2 + y / 2) % 2 == 0 ? 0.2 : 0.8 }
        let wet = RaindropDegradation().render([drop], on: checker)
        var inside: [Float] = []
        for y in 236...276 { for x in 236...276 { inside.append(wet[1, y, x]) } }
        let mean = inside.reduce(0, +) / Float(inside.count)
        let spread = (inside.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Float(inside.count)).squareRoot()
        XCTAssertLessThan(spread, 0.03, "the checkerboard (spread 0.3) shows through sharply")
    }
}
