import XCTest
@testable import GenDegEngine

final class LearnedRegistryTests: XCTestCase {
    let sample = """
    # my restorers
    [[restorer]]
    name = "nafnet-gopro"            # deblurring
    path = "models/NAFNet-GoPro-width32.pth"
    architecture = "nafnet"
    targets = ["motion-blur", 'rain']
    summary = "NAFNet \\"w32\\" GoPro"
    tlc_train_size = 0
    memory_limit_mb = 512

    [[restorer]]
    name = "dce"
    path = "/abs/dce.pth"
    scale_factor = 4
    tile_size = 256
    tile_overlap = 24
    """

    func testParsesEntriesOptionsAndResolvesPaths() throws {
        let entries = try RestorerRegistryFile.parse(sample, file: "r.toml", baseFolder: "/home/u/.config/gendeg")
        XCTAssertEqual(entries.count, 2)
        XCTAssertEqual(entries[0].name, "nafnet-gopro")
        XCTAssertEqual(entries[0].path, "/home/u/.config/gendeg/models/NAFNet-GoPro-width32.pth")
        XCTAssertEqual(entries[0].architecture, "nafnet")
        XCTAssertEqual(entries[0].targets, [.motionBlur, .rain])
        XCTAssertEqual(entries[0].summary, "NAFNet \"w32\" GoPro")
        XCTAssertEqual(entries[0].options.tlcTrainSize, 0)
        XCTAssertEqual(entries[0].options.tiling.memoryLimitBytes, 512 << 20)
        XCTAssertEqual(entries[1].path, "/abs/dce.pth")
        XCTAssertNil(entries[1].targets)
        XCTAssertEqual(entries[1].options.scaleFactor, 4)
        XCTAssertEqual(entries[1].options.tiling.tileSize, 256)
        XCTAssertEqual(entries[1].options.tiling.overlap, 24)
    }

    func testErrorsNameTheLine() {
        func error(_ text: String) -> LearnedRestorerError? {
            do { _ = try RestorerRegistryFile.parse(text, file: "r.toml", baseFolder: "/"); return nil } catch {
                return error as? LearnedRestorerError
            }
        }
        XCTAssertEqual(error("[[restorer]]\nname = \"a\"\npath = \"x\"\ncolour = \"red\""),
                       .registry(file: "r.toml", line: 4, reason: "unknown key 'colour'; known: architecture, memory_limit_mb, name, path, scale_factor, summary, targets, tile_overlap, tile_size, tlc_train_size"))
        XCTAssertEqual(error("[[restorer]]\npath = \"x\""), .registry(file: "r.toml", line: 1, reason: "each [[restorer]] needs a name without spaces"))
        XCTAssertEqual(error("[[restorer]]\nname = \"a\"\npath = \"x\"\n[[restorer]]\nname = \"a\"\npath = \"y\""),
                       .registry(file: "r.toml", line: 5, reason: "the name 'a' is used twice"))
        XCTAssertEqual(error("[[restorer]]\nname = \"a\n"), .registry(file: "r.toml", line: 2, reason: "unterminated string"))
        XCTAssertEqual(error("name = \"a\""), .registry(file: "r.toml", line: 0, reason: "keys must be inside a [[restorer]] table"))
        XCTAssertEqual(error("[[model]]\nname = \"a\""), .registry(file: "r.toml", line: 1, reason: "unknown table [model]; use [[restorer]]"))
        XCTAssertNotNil(error("[[restorer]]\nname = \"a\"\npath = \"x\"\ntargets = [\"fog\", \"sunburn\"]"))
        XCTAssertNotNil(error("[[restorer]]\nname = \"a\"\npath = \"x\"\narchitecture = \"unet\""))
        XCTAssertNotNil(error("[[restorer]]\nname = \"a\"\npath = \"x\"\ntile_size = \"big\""))
        XCTAssertNotNil(error("[[restorer]]\nname = \"a\"\npath = \"x\" extra"))
        XCTAssertNotNil(error("[[restorer]\nname = \"a\""))
    }

    func testMissingFileIsAClearError() {
        XCTAssertThrowsError(try RestorerRegistryFile.load(path: "/nonexistent/restorers.toml")) {
            XCTAssertTrue("\($0)".contains("/nonexistent/restorers.toml: cannot read the file"), "\($0)")
        }
    }

    func testRegistryRestorersLoadLazilyAndCheckTheDeclaredArchitecture() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("learned-registry-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let dce = try LearnedGoldenTests.fixture("zerodce_neuro_low_light", "pth")
        let nafnet = try LearnedGoldenTests.fixture("nafnet_w8", "pth")
        let file = folder.appendingPathComponent("restorers.toml").path
        try """
        [[restorer]]
        name = "dce"
        path = "\(dce)"
        architecture = "zero-dce++"
        [[restorer]]
        name = "wrong"
        path = "\(nafnet)"
        architecture = "restormer"
        """.write(toFile: file, atomically: true, encoding: .utf8)
        let restorers = try LearnedRestorers.registry(path: file)
        XCTAssertEqual(restorers.map(\.name), ["dce", "wrong"])
        XCTAssertEqual(restorers[0].targets, [.lowLight])
        let dark = RGBImage(width: 24, height: 20, fill: 0.1)
        let brighter = try restorers[0].restore(dark, context: RestoreContext())
        XCTAssertGreaterThan(brighter.pixels.reduce(0, +), dark.pixels.reduce(0, +))
        XCTAssertThrowsError(try restorers[1].restore(dark, context: RestoreContext())) {
            XCTAssertEqual($0 as? LearnedRestorerError, .architectureMismatch(declared: "restormer", detected: "nafnet", checkpoint: nafnet))
        }
    }

    /// An entry without `architecture` or `targets` shows the detected architecture's targets and
    /// summary when listed (names and shapes read, no weights), before anything is restored.
    func testUndeclaredEntriesKnowTheirTargetsWhenListed() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("learned-targets-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("restorers.toml").path
        try """
        [[restorer]]
        name = "dce"
        path = "\(try LearnedGoldenTests.fixture("zerodce_neuro_low_light", "pth"))"
        [[restorer]]
        name = "derainer"
        path = "\(try LearnedGoldenTests.fixture("restormer_d4", "pth"))"
        [[restorer]]
        name = "missing"
        path = "absent.pth"
        """.write(toFile: file, atomically: true, encoding: .utf8)
        let restorers = try LearnedRestorers.registry(path: file)
        XCTAssertEqual(restorers.map(\.targets), [[.lowLight], [.rain, .motionBlur], []])
        XCTAssertTrue(restorers[0].summary.hasPrefix("Zero-DCE++ (neuro-low-light)"), restorers[0].summary)
        XCTAssertTrue(restorers[1].summary.hasPrefix("Restormer dim 4"), restorers[1].summary)
        XCTAssertTrue(restorers[2].summary.contains("unusable checkpoint") && restorers[2].summary.contains("absent.pth"),
                      restorers[2].summary)
    }

    func testDirectCheckpointDefaultsNameAndTargets() throws {
        let restorer = try LearnedRestorers.load(checkpoint: try LearnedGoldenTests.fixture("restormer_d4", "pth"), name: nil, targets: nil)
        XCTAssertEqual(restorer.name, "restormer_d4")
        XCTAssertEqual(restorer.targets, [.rain, .motionBlur])
        let named = try LearnedRestorers.load(checkpoint: try LearnedGoldenTests.fixture("restormer_d4", "pth"), name: "derain",
                                              targets: [.rain])
        XCTAssertEqual(named.name, "derain")
        XCTAssertEqual(named.targets, [.rain])
    }

    func testTOMLSubsetValues() throws {
        let tables = try TOMLSubset.parse("a = 1\nb = true\nc = ['x', \"y\\u0041\"]\n[t]\nd = -3 # note", file: "f")
        XCTAssertEqual(tables.map(\.name), ["", "t"])
        XCTAssertEqual(tables[0].values["a"], .integer(1))
        XCTAssertEqual(tables[0].values["b"], .boolean(true))
        XCTAssertEqual(tables[0].values["c"], .array([.string("x"), .string("yA")]))
        XCTAssertEqual(tables[1].values["d"], .integer(-3))
        XCTAssertThrowsError(try TOMLSubset.parse("a = 1.5", file: "f"))
        XCTAssertThrowsError(try TOMLSubset.parse("a = 1\na = 2", file: "f"))
    }
}
