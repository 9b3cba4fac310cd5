import XCTest
@testable import GenDegEngine

final class LearnedTilingTests: XCTestCase {
    func testPlanCoversTheImageWithTheRequestedOverlap() {
        let tiles = TiledInference.plan(width: 130, height: 70, tile: 48, overlap: 16)
        var covered = [Int](repeating: 0, count: 130 * 70)
        for t in tiles {
            XCTAssertTrue(t.x >= 0 && t.y >= 0 && t.x + t.width <= 130 && t.y + t.height <= 70)
            for y in t.y..<(t.y + t.height) { for x in t.x..<(t.x + t.width) { covered[y * 130 + x] += 1 } }
        }
        XCTAssertFalse(covered.contains(0))
        let xs = Array(Set(tiles.map(\.x))).sorted()
        XCTAssertEqual(xs, [0, 32, 64, 82])
        XCTAssertEqual(TiledInference.plan(width: 40, height: 30, tile: 64, overlap: 16),
                       [TileRect(x: 0, y: 0, width: 40, height: 30)])
    }

    func testBlendingOfIdenticalTilesIsExact() throws {
        var random = SeededRandom(seed: 3)
        let image = RGBImage(width: 101, height: 77, pixels: (0..<(3 * 101 * 77)).map { _ in Float(random.uniform()) })
        let out = try TiledInference.run(image, tile: 40, overlap: 12, progress: nil) { $0 }
        let worst = zip(out.pixels, image.pixels).map { abs($0 - $1) }.max() ?? 1
        XCTAssertLessThan(worst, 1e-6)
    }

    func testProgressCountsTilesAndCancellationStops() throws {
        let image = RGBImage(width: 90, height: 60, fill: 0.5)
        let seen = ProgressLog()
        let count = TiledInference.plan(width: 90, height: 60, tile: 32, overlap: 8).count
        _ = try TiledInference.run(image, tile: 32, overlap: 8, progress: { done, total in
            seen.add(Double(done * 1000 + total)); return true
        }) { $0 }
        XCTAssertGreaterThan(count, 2)
        XCTAssertEqual(seen.values, (1...count).map { Double($0 * 1000 + count) }, "(done, total) after every tile")
        XCTAssertThrowsError(try TiledInference.run(image, tile: 32, overlap: 8, progress: { _, _ in false }) { $0 }) {
            XCTAssertEqual($0 as? RestoreError, .cancelled)
        }
    }

    /// Zero-DCE's seven 3x3 convs see 7 pixels: tiles overlapping by 16 reproduce the whole-image result.
    func testZeroDCETilesAreExact() throws {
        let path = try LearnedGoldenTests.fixture("zerodce_neuro_low_light", "pth")
        let golden = try TestSafetensors.load(URL(fileURLWithPath: try LearnedGoldenTests.fixture("zerodce_neuro_low_light", "safetensors")))
        let input = try XCTUnwrap(golden["input"])
        let image = RGBImage(width: input.shape[3], height: input.shape[2], pixels: input.data)
        let whole = try LearnedRestorer(checkpoint: path)
        let tiled = try LearnedRestorer(checkpoint: path, options: LearnedOptions(tiling: TilingOptions(tileSize: 40)))
        let seen = ProgressLog()
        let a = try whole.restore(image, context: RestoreContext())
        let b = try tiled.restore(image, context: RestoreContext(progress: { seen.add($0); return true }))
        XCTAssertGreaterThan(seen.values.count, 1, "the image should have been tiled")
        let worst = zip(a.pixels, b.pixels).map { abs($0 - $1) }.max() ?? 1
        XCTAssertLessThan(worst, 1e-5)
    }

    /// A memory bound below the image's footprint splits it; NAFNet's result stays close to the
    /// untiled one (channel attention is global, so tiles differ slightly) and has no seams.
    func testMemoryBoundTilesNAFNet() throws {
        let path = try LearnedGoldenTests.fixture("nafnet_w8", "pth")
        let photo = try ImageIO.read(try XCTUnwrap(SampleImages.bundledPaths().first { $0.hasSuffix("coffee.png") }))
            .resized(width: 160, height: 120)
        let whole = try LearnedRestorer(checkpoint: path, options: LearnedOptions(tlcTrainSize: 0))
        let bounded = try LearnedRestorer(checkpoint: path, options: LearnedOptions(
            tlcTrainSize: 0, tiling: TilingOptions(memoryLimitBytes: 64 * 64 * 4 * (9 * 8 + 6))))
        let seen = ProgressLog()
        let a = try whole.restore(photo, context: RestoreContext())
        let b = try bounded.restore(photo, context: RestoreContext(progress: { seen.add($0); return true }))
        XCTAssertGreaterThan(seen.values.count, 2)
        XCTAssertGreaterThan(ImageMetrics.psnr(a, b), 30)
    }
}

/// Collects progress values from a @Sendable callback.
final class ProgressLog: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [Double] = []
    func add(_ value: Double) { lock.lock(); stored.append(value); lock.unlock() }
    var values: [Double] { lock.lock(); defer { lock.unlock() }; return stored }
}

final class LearnedSmallImageTests: XCTestCase {
    /// Odd and tiny sizes pad and crop back to the input size for every architecture.
    func testTinyImagesKeepTheirSize() throws {
        for name in ["nafnet_w6_deep", "restormer_d4", "zerodce_official", "zerodcepp_official_s4"] {
            let restorer = try LearnedRestorer(checkpoint: try LearnedGoldenTests.fixture(name, "pth"))
            for (w, h) in [(1, 1), (3, 2), (9, 5)] {
                let out = try restorer.restore(RGBImage(width: w, height: h, fill: 0.3), context: RestoreContext())
                XCTAssertEqual([out.width, out.height], [w, h], name)
                XCTAssertFalse(out.pixels.contains { !$0.isFinite || $0 < 0 || $0 > 1 }, name)
            }
        }
    }
}
