import Foundation
import XCTest
@testable import GenDegEngine

/// PSNR, SSIM and GenDeg (mu, sigma) against scikit-image / Pillow goldens made by
/// training/goldens/make_metric_goldens.py on crops of the bundled real photos.
final class MetricsGoldenTests: XCTestCase {
    struct Record: Decodable {
        let clean: String
        let degraded: String
        let psnr: Double
        let ssim: Double
        let mu: Double
        let sigma: Double
        let psnr_y: Double
    }

    func fixture(_ name: String) throws -> URL {
        try XCTUnwrap(Bundle.module.url(forResource: "Fixtures/metrics/\(name)", withExtension: nil), "missing fixture \(name)")
    }

    func records() throws -> [Record] {
        try JSONDecoder().decode([Record].self, from: Data(contentsOf: fixture("metrics.json")))
    }

    func pair(_ record: Record) throws -> (RGBImage, RGBImage) {
        (try ImageIO.read(fixture(record.clean).path), try ImageIO.read(fixture(record.degraded).path))
    }

    func testSSIMMatchesScikitImage() throws {
        let all = try records()
        XCTAssertGreaterThanOrEqual(all.count, 6)
        for record in all {
            let (clean, degraded) = try pair(record)
            XCTAssertEqual(SSIM.ssim(clean, degraded), record.ssim, accuracy: 1e-4, record.degraded)
        }
    }

    func testPSNRMatchesScikitImage() throws {
        for record in try records() {
            let (clean, degraded) = try pair(record)
            XCTAssertEqual(ImageMetrics.psnr(clean, degraded), record.psnr, accuracy: 1e-4, record.degraded)
        }
    }

    /// Our Lanczos works in float and rounds once; Pillow's works in fixed point on 8-bit
    /// data, so single pixels may differ by one level. The largest gap measured on these
    /// goldens is printed; the bound is the one the README states.
    static let statsTolerance = 1e-4

    func testGenDegStatsMatchReferenceMeasurement() throws {
        var worst = 0.0
        for record in try records() {
            let (clean, degraded) = try pair(record)
            let stats = DegradationStats.measure(clean: clean, degraded: degraded)
            worst = max(worst, abs(stats.mu - record.mu), abs(stats.sigma - record.sigma))
            XCTAssertEqual(stats.mu, record.mu, accuracy: Self.statsTolerance, record.degraded)
            XCTAssertEqual(stats.sigma, record.sigma, accuracy: Self.statsTolerance, record.degraded)
        }
        print("MetricsGoldenTests GenDeg (mu, sigma): largest gap to the reference \(worst)")
    }

    func testIdenticalImages() throws {
        let (clean, _) = try pair(try records()[0])
        XCTAssertEqual(ImageMetrics.psnr(clean, clean), .infinity)
        XCTAssertEqual(SSIM.ssim(clean, clean), 1, accuracy: 1e-12)
        XCTAssertEqual(DegradationStats.measure(clean: clean, degraded: clean), DegradationStats(mu: 0, sigma: 0))
    }

    func testPSNRYMatchesScikitImageOnStudioLuma() throws {
        for record in try records() {
            let (clean, degraded) = try pair(record)
            XCTAssertEqual(ImageMetrics.psnrY(clean, degraded), record.psnr_y, accuracy: 1e-4, record.degraded)
        }
    }

    /// Pillow's float-mode Lanczos (no 8-bit rounding) of two crops: one shrunk ~5x, one
    /// narrowed and stretched; the resize GenDeg's mu/sigma measurement depends on.
    func testLanczosResizeMatchesPillow() throws {
        let cases = [("pair5-blur-clean", 57, 43), ("pair0-noise-clean", 97, 181)]
        for (stem, width, height) in cases {
            let source = try ImageIO.read(fixture("\(stem).png").path)
            let golden = try Data(contentsOf: fixture("lanczos-\(stem)-\(width)x\(height).f32"))
            let expected = golden.withUnsafeBytes { Array($0.bindMemory(to: Float.self)) }
            let resized = source.resized(width: width, height: height, filter: .lanczos3)
            XCTAssertEqual(resized.pixels.count, expected.count, stem)
            let worst = zip(resized.pixels, expected).map { abs($0 - $1) }.max() ?? .infinity
            XCTAssertLessThan(worst, 1e-4, stem)
        }
    }

    func testPSNRYUsesStudioLuma() {
        let a = RGBImage(width: 4, height: 4, fill: 0.5)
        var b = a
        for i in 0..<16 { b.pixels[i] += 0.1 }  // red plane only
        // Y moves by 65.481/255 * 0.1 per pixel.
        let expected = 10 * log10(1 / pow(65.481 / 255 * 0.1, 2))
        XCTAssertEqual(ImageMetrics.psnrY(a, b), expected, accuracy: 1e-4)
    }
}
