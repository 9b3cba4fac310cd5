import XCTest
@testable import GenDegEngine

/// Snow: flakes of several sizes in layers, briefly motion-blurred, and a veil that only
/// heavy snowfall brings.
final class DegradeSnowPhysicsTests: XCTestCase {
    static let side = 512
    let black = RGBImage(width: side, height: side, pixels: [Float](repeating: 0, count: 3 * side * side))

    /// Areas of the 4-connected regions where the flakes' cover exceeds `threshold`.
    func flakeAreas(_ cover: [Float], threshold: Float) -> [Int] {
        let n = Self.side
        var label = [Bool](repeating: false, count: n * n)
        var areas: [Int] = []
        var stack: [Int] = []
        for start in 0..<(n * n) where cover[start] > threshold && !label[start] {
            label[start] = true
            stack.append(start)
            var area = 0
            while let i = stack.popLast() {
                area += 1
                let (x, y) = (i % n, i / n)
                for (nx, ny) in [(x - 1, y), (x + 1, y), (x, y - 1), (x, y + 1)] where nx >= 0 && nx < n && ny >= 0 && ny < n {
                    let j = ny * n + nx
                    if cover[j] > threshold && !label[j] { label[j] = true; stack.append(j) }
                }
            }
            areas.append(area)
        }
        return areas
    }

    func testFlakesComeInSeveralSizes() {
        // Below the veil's onset, on black, the green channel is the flakes' cover times their colour.
        let snowy = SnowDegradation().apply(to: black, intensity: 0.25, seed: 5).image
        let n = Self.side * Self.side
        let areas = flakeAreas(Array(snowy.pixels[n..<(2 * n)]), threshold: 0.15)
        let specks = areas.filter { $0 <= 4 }.count
        let medium = areas.filter { (8...30).contains($0) }.count
        let large = areas.filter { $0 >= 45 }.count
        XCTAssertGreaterThan(specks, 100, "fine far flakes: \(specks)")
        XCTAssertGreaterThan(medium, 30, "medium flakes: \(medium)")
        XCTAssertGreaterThan(large, 5, "large near flakes: \(large)")
        XCTAssertGreaterThan(specks, medium, "far flakes should outnumber near ones")
        XCTAssertGreaterThan(medium, large)
    }

    func testVeilAppearsOnlyAboveItsOnset() {
        let onset = SnowDegradation.veilOnset
        let below = SnowDegradation().apply(to: black, intensity: onset - 0.01, seed: 5).image
        XCTAssertEqual(below.pixels.min(), 0, "no veil below intensity \(onset): untouched pixels stay black")
        var previous: Float = 0
        for intensity in [onset + 0.1, 0.7, 1] {
            let veiled = SnowDegradation().apply(to: black, intensity: intensity, seed: 5).image
            let floor = veiled.pixels.min()!
            XCTAssertGreaterThan(floor, previous, "the veil should lift every pixel, more at \(intensity)")
            previous = floor
        }
        let maxVeil = SnowDegradation().maxVeil
        XCTAssertTrue((maxVeil * 0.82 - 1e-4...maxVeil * 0.92 + 1e-4).contains(previous),
                      "full veil \(previous): maxVeil times a light veil level (0.82...0.92)")
    }
}
