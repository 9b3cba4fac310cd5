import XCTest
@testable import GenDegEngine

/// Tiled inference against whole-image inference on a 160 x 120 photo, raw network outputs
/// (no clamping). NAFNet's channel attention and Restormer's MDTA use statistics of the whole
/// input, so tiles cannot be exact; the bounds are about 1.5x what was measured (in brackets).
final class LearnedTilingParityTests: XCTestCase {
    struct Comparison {
        let worst: Float, mean: Float, psnr: Double
    }

    func photo() throws -> RGBImage {
        try ImageIO.read(try XCTUnwrap(SampleImages.bundledPaths().first { $0.hasSuffix("coffee.png") }))
            .resized(width: 160, height: 120)
    }

    /// Whole image versus `tile` x `tile` tiles overlapping by `overlap`, blended.
    func compare(_ fixture: String, tlc: Int, tile: Int, overlap: Int, expectedTiles: Int) throws -> Comparison {
        let image = try photo()
        let restorer = try LearnedRestorer(checkpoint: try LearnedGoldenTests.fixture(fixture, "pth"),
                                           options: LearnedOptions(tlcTrainSize: tlc))
        let whole = restorer.forward(image)
        let log = ProgressLog()
        let tiled = try TiledInference.run(image, tile: tile, overlap: overlap, progress: { _, total in
            log.add(Double(total)); return true
        }) { restorer.forward($0) }
        XCTAssertEqual(log.values.count, expectedTiles, "\(fixture): tiles")
        let errors = zip(whole.pixels, tiled.pixels).map { abs($0 - $1) }
        let scale = Double(whole.pixels.max()! - whole.pixels.min()!)
        let mse = errors.reduce(0.0) { $0 + Double($1 * $1) } / Double(errors.count)
        return Comparison(worst: errors.max()!, mean: errors.reduce(0, +) / Float(errors.count),
                          psnr: 10 * log10(scale * scale / mse))
    }

    /// Restormer (BiasFree norm, conv bias), 96-pixel tiles overlapping by 48: max 0.0084 of an
    /// output range of 1.63, 55.8 dB over that range.
    func testTiledRestormerMatchesTheWholeImage() throws {
        let result = try compare("restormer_d6_biasfree", tlc: 0, tile: 96, overlap: 48, expectedTiles: 6)
        XCTAssertLessThan(result.worst, 0.013)
        XCTAssertLessThan(result.mean, 0.0022)
        XCTAssertGreaterThan(result.psnr, 53)
    }

    /// The WithBias Restormer, 64-pixel tiles overlapping by 32 (12 tiles): max 0.127 of 1.29,
    /// mean 0.0068, 41.9 dB; without overlap the seams reach 0.27 (35.5 dB).
    func testTiledRestormerSmallTiles() throws {
        let blended = try compare("restormer_d4", tlc: 0, tile: 64, overlap: 32, expectedTiles: 12)
        XCTAssertLessThan(blended.mean, 0.01)
        XCTAssertGreaterThan(blended.psnr, 40)
        let cut = try compare("restormer_d4", tlc: 0, tile: 64, overlap: 0, expectedTiles: 6)
        XCTAssertLessThan(cut.psnr, blended.psnr - 4, "abutting tiles should show seams")
    }

    /// Plain NAFNet (global channel attention), 64-pixel tiles overlapping by 32: max 0.0025
    /// (mean 0.00017) of an output range of 2.0. Abutting tiles (no overlap) differ by 0.34 at
    /// the seams: the overlap and blending are what remove them.
    func testNAFNetTilesLeaveNoSeams() throws {
        let blended = try compare("nafnet_w8", tlc: 0, tile: 64, overlap: 32, expectedTiles: 12)
        XCTAssertLessThan(blended.worst, 0.004)
        XCTAssertLessThan(blended.mean, 0.00026)
        let cut = try compare("nafnet_w8", tlc: 0, tile: 64, overlap: 0, expectedTiles: 6)
        XCTAssertGreaterThan(cut.worst, 0.1)
    }

    /// NAFNetLocal (TLC, train size 32: 48-pixel pooling windows) makes NAFNet nearly local, so
    /// 96-pixel tiles overlapping by 48 come within 0.00041 (mean 2.7e-6) of the whole image.
    func testNAFNetLocalTilesAreNearlyExact() throws {
        let result = try compare("nafnet_local_w8_t32", tlc: 32, tile: 96, overlap: 48, expectedTiles: 6)
        XCTAssertLessThan(result.worst, 0.0007)
        XCTAssertLessThan(result.mean, 5e-6)
    }

    /// Through the restorer: a fixed tile size splits the image, and the tile count is reported.
    func testRestorerReportsEveryTile() throws {
        let restorer = try LearnedRestorer(checkpoint: try LearnedGoldenTests.fixture("nafnet_w8", "pth"),
                                           options: LearnedOptions(tlcTrainSize: 0, tiling: TilingOptions(tileSize: 64, overlap: 32)))
        let log = ProgressLog()
        _ = try restorer.restore(try photo(), context: RestoreContext(tileProgress: { done, total in
            log.add(Double(done * 100 + total)); return true
        }))
        XCTAssertEqual(log.values, (1...12).map { Double($0 * 100 + 12) })
    }
}
