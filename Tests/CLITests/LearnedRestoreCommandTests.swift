import Foundation
import GenDegEngine
import XCTest

/// `gendeg restore` with learned restorers: a checkpoint given directly, a bundled restorer, a
/// user registry entry, the tiling and TLC options, and bad checkpoints. Results are compared
/// with the engine's own (16-bit PNG output, so within 1e-4).
final class LearnedRestoreCommandTests: XCTestCase {
    var folder = ""

    override func setUpWithError() throws {
        folder = try CLI.temporaryFolder("learned-restore")
    }

    override func tearDown() {
        try? FileManager.default.removeItem(atPath: folder)
    }

    /// A width x height PNG from the coffee photo, darkened for the low-light restorers.
    func input(_ name: String, width: Int, height: Int, dark: Bool = false) throws -> String {
        var image = try ImageIO.read(CLI.sample("coffee.png")).resized(width: width, height: height)
        if dark { image.pixels = image.pixels.map { 0.3 * pow(max($0, 0), 1.8) } }
        let path = "\(folder)/\(name).png"
        try ImageIO.writePNG(image, to: path)
        return path
    }

    func restore(_ arguments: [String], file: StaticString = #filePath, line: UInt = #line) throws -> (RGBImage, CLI.Result) {
        let output = "\(folder)/out-\(UUID().uuidString.prefix(6)).png"
        let result = try CLI.run(["restore", arguments[0], output] + Array(arguments.dropFirst()) + ["--sixteen-bit"])
        XCTAssertEqual(result.status, 0, result.stderr, file: file, line: line)
        return (try ImageIO.read(output), result)
    }

    func assertSame(_ a: RGBImage, _ b: RGBImage, _ label: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual([a.width, a.height], [b.width, b.height], label, file: file, line: line)
        let worst = zip(a.pixels, b.pixels).map { abs($0 - $1) }.max() ?? 1
        XCTAssertLessThan(worst, 1e-4, label, file: file, line: line)
    }

    func testCheckpointIsDetectedAndMatchesTheEngine() throws {
        let dark = try input("dark", width: 61, height: 47, dark: true)
        for fixture in ["zerodce_neuro_low_light.pth", "restormer_d6_biasfree.pth", "nafnet_w6_deep.pth"] {
            let (restored, result) = try restore([dark, "--checkpoint", CLI.learnedFixture(fixture)])
            let engine = try LearnedRestorer(checkpoint: CLI.learnedFixture(fixture))
                .restore(try ImageIO.read(dark), context: RestoreContext())
            assertSame(restored, engine, fixture)
            XCTAssertTrue(result.stderr.contains("tile 1/1"), "\(fixture): \(result.stderr)")
        }
        // The real Zero-DCE++ weights brighten a dark photo.
        let (brighter, _) = try restore([dark, "--checkpoint", CLI.learnedFixture("zerodce_neuro_low_light.pth")])
        XCTAssertGreaterThan(brighter.pixels.reduce(0, +), 1.5 * (try ImageIO.read(dark)).pixels.reduce(0, +))
    }

    func testBundledLearnedRestorerByName() throws {
        let hazy = "\(folder)/hazy.png"
        XCTAssertEqual(try CLI.run(["degrade", try input("clean", width: 96, height: 64), hazy, "--type", "haze", "--intensity", "0.5"]).status, 0)
        let (restored, _) = try restore([hazy, "--restorer", "nafnet-small-physical"])
        let engine = try RestorerCatalog.named("nafnet-small-physical").restore(try ImageIO.read(hazy), context: RestoreContext())
        assertSame(restored, engine, "nafnet-small-physical")
        XCTAssertGreaterThan(zip(restored.pixels, try ImageIO.read(hazy).pixels).map { abs($0 - $1) }.max() ?? 0, 0.02)
    }

    func testUserRegistryEntryByName() throws {
        let registry = "\(folder)/restorers.toml"
        try """
        [[restorer]]
        name = "my-low-light"
        path = "\(CLI.learnedFixture("zerodce_neuro_low_light.pth"))"
        """.write(toFile: registry, atomically: true, encoding: .utf8)
        let dark = try input("dark", width: 50, height: 40, dark: true)
        let (restored, _) = try restore([dark, "--restorer", "my-low-light", "--registry", registry])
        let engine = try LearnedRestorer(checkpoint: CLI.learnedFixture("zerodce_neuro_low_light.pth"))
            .restore(try ImageIO.read(dark), context: RestoreContext())
        assertSame(restored, engine, "registry entry")
        // The same through $GENDEG_RESTORERS.
        let output = "\(folder)/env.png"
        let viaEnvironment = try CLI.run(["restore", dark, output, "--restorer", "my-low-light"], environment: ["GENDEG_RESTORERS": registry])
        XCTAssertEqual(viaEnvironment.status, 0, viaEnvironment.stderr)
    }

    /// --tile-size / --tile-overlap split the image; the bar counts tiles; the result is the
    /// engine's with the same options.
    func testTileOptionsAndTileProgress() throws {
        let image = try input("wide", width: 150, height: 100)
        let fixture = CLI.learnedFixture("nafnet_w8.pth")
        let (restored, result) = try restore([image, "--checkpoint", fixture, "--tile-size", "64", "--tile-overlap", "16"])
        let tiles = TiledInference.plan(width: 150, height: 100, tile: 64, overlap: 16).count
        XCTAssertEqual(tiles, 6)
        // Into a pipe the bar writes its first and last state (and one line per 5 s between), not a line per tile.
        XCTAssertTrue(result.stderr.contains("tile 1/\(tiles)"), result.stderr)
        XCTAssertTrue(result.stderr.contains("tile \(tiles)/\(tiles)"), result.stderr)
        XCTAssertLessThan(result.stderr.components(separatedBy: "\n").filter { $0.contains(" tile ") }.count, tiles, result.stderr)
        XCTAssertFalse(result.stderr.contains("%"), result.stderr)
        let engine = try LearnedRestorer(checkpoint: fixture, options: LearnedOptions(tiling: TilingOptions(tileSize: 64, overlap: 16)))
            .restore(try ImageIO.read(image), context: RestoreContext())
        assertSame(restored, engine, "tiled")
    }

    /// --memory-limit 16 (MB) is below a 300 x 200 NAFNet-w8's estimated footprint (312 bytes
    /// per pixel, 18.7 MB), so the image runs in tiles.
    func testMemoryLimitSplitsTheImage() throws {
        let image = try input("large", width: 300, height: 200)
        let fixture = CLI.learnedFixture("nafnet_w8.pth")
        let (bounded, result) = try restore([image, "--checkpoint", fixture, "--memory-limit", "16"])
        XCTAssertFalse(result.stderr.contains("tile 1/1"), result.stderr)
        XCTAssertTrue(result.stderr.range(of: #"tile ([2-9]|\d\d+)/"#, options: .regularExpression) != nil, result.stderr)
        let (whole, wholeRun) = try restore([image, "--checkpoint", fixture])
        XCTAssertTrue(wholeRun.stderr.contains("tile 1/1"), wholeRun.stderr)
        XCTAssertGreaterThan(ImageMetrics.psnr(whole, bounded), 40)
    }

    /// TLC on (train size 32: 48-pixel pooling windows) and off give different results on a
    /// 120 x 90 image; each matches the engine with the same setting.
    func testTLCOptions() throws {
        let image = try input("tlc", width: 120, height: 90)
        let fixture = CLI.learnedFixture("nafnet_local_w8_t32.pth")
        let (local, _) = try restore([image, "--checkpoint", fixture, "--tlc-train-size", "32"])
        let (plain, _) = try restore([image, "--checkpoint", fixture, "--no-tlc"])
        let clean = try ImageIO.read(image)
        assertSame(local, try LearnedRestorer(checkpoint: fixture, options: LearnedOptions(tlcTrainSize: 32)).restore(clean, context: RestoreContext()), "TLC 32")
        assertSame(plain, try LearnedRestorer(checkpoint: fixture, options: LearnedOptions(tlcTrainSize: 0)).restore(clean, context: RestoreContext()), "no TLC")
        XCTAssertGreaterThan(zip(local.pixels, plain.pixels).map { abs($0 - $1) }.max() ?? 0, 1e-3)
        let both = try CLI.run(["restore", image, "\(folder)/x.png", "--checkpoint", fixture, "--no-tlc", "--tlc-train-size", "32"])
        XCTAssertNotEqual(both.status, 0)
    }

    func testLearnedOptionsOnAClassicalRestorerAreAnError() throws {
        let image = try input("c", width: 40, height: 30)
        let result = try CLI.run(["restore", image, "\(folder)/c-out.png", "--restorer", "dcp", "--tile-size", "64"])
        XCTAssertNotEqual(result.status, 0)
        XCTAssertTrue(result.stderr.contains("not a learned restorer"), result.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: "\(folder)/c-out.png"))
    }

    /// Unreadable, partial and wrong checkpoints: a clear message naming the file, a non-zero
    /// status, and no output file.
    func testBadCheckpointsAreClearErrors() throws {
        let image = try input("bad", width: 40, height: 30)
        let junk = "\(folder)/junk.pth"
        try Data("definitely not a checkpoint".utf8).write(to: URL(fileURLWithPath: junk))
        let whole = try Data(contentsOf: URL(fileURLWithPath: CLI.learnedFixture("nafnet_w8.pth")))
        let truncated = "\(folder)/truncated.pth"
        try whole.prefix(whole.count / 2).write(to: URL(fileURLWithPath: truncated))
        let corrector = "\(CLI.packageRoot())/Tests/EngineTests/Fixtures/structure/nafnet_combine_w8.ckpt"
        let cases: [(String, [String])] = [
            (junk, ["cannot read checkpoint", junk]),
            (truncated, [truncated]),
            ("\(folder)/absent.pth", ["absent.pth"]),
            (corrector, ["structure corrector"]),
        ]
        for (checkpoint, expected) in cases {
            let output = "\(folder)/never.png"
            let result = try CLI.run(["restore", image, output, "--checkpoint", checkpoint])
            XCTAssertNotEqual(result.status, 0, checkpoint)
            for text in expected { XCTAssertTrue(result.stderr.contains(text), "\(checkpoint): \(result.stderr)") }
            XCTAssertFalse(result.stderr.contains("Fatal error"), result.stderr)
            XCTAssertFalse(FileManager.default.fileExists(atPath: output), checkpoint)
        }
    }
}
