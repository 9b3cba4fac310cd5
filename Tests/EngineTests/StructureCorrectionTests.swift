import XCTest
@testable import GenDegEngine

/// GenDeg's structure correction (run_single.py `NAFNet_Combine`) against the reference forward on
/// a tiny random network; fixtures: training/goldens/make_structure_goldens.py.
final class StructureCorrectionTests: XCTestCase {
    static func fixture(_ ext: String) throws -> String {
        try XCTUnwrap(Bundle.module.url(forResource: "Fixtures/structure/nafnet_combine_w8", withExtension: ext),
                      "fixture structure/nafnet_combine_w8.\(ext) is not bundled").path
    }

    func golden() throws -> (corrector: StructureCorrector, tensors: [String: Tensor]) {
        let corrector = try StructureCorrector(checkpoint: try Self.fixture("ckpt"))
        return (corrector, try TestSafetensors.load(URL(fileURLWithPath: try Self.fixture("safetensors"))))
    }

    static func image(_ tensor: Tensor) -> RGBImage {
        RGBImage(width: tensor.shape[3], height: tensor.shape[2], pixels: tensor.data)
    }

    func testConfigIsReadFromTheCheckpoint() throws {
        let (corrector, _) = try golden()
        XCTAssertEqual(corrector.config, NAFNetConfig(inChannels: 6, outChannels: 3, width: 8, encoderBlocks: [1, 2],
                                                      middleBlocks: 1, decoderBlocks: [1, 1], tlcTrainSize: nil))
    }

    func testRawOutputMatchesTheReferenceForward() throws {
        let (corrector, tensors) = try golden()
        let clean = try XCTUnwrap(tensors["clean"]), generated = try XCTUnwrap(tensors["generated"])
        var input = PlanarMap(Self.image(clean)).concatenated(with: PlanarMap(Self.image(generated)))
        input.data = input.data.map { 2 * $0 - 1 }
        let raw = corrector.network.run(input)
        assertClose(Tensor(shape: [1, 3, raw.height, raw.width], data: raw.data), try XCTUnwrap(tensors["raw"]), "raw")
    }

    func testCorrectedImageMatchesTheReference() throws {
        let (corrector, tensors) = try golden()
        let corrected = try corrector.correct(generated: Self.image(try XCTUnwrap(tensors["generated"])),
                                              clean: Self.image(try XCTUnwrap(tensors["clean"])))
        let expected = try XCTUnwrap(tensors["output"])
        assertClose(Tensor(shape: expected.shape, data: corrected.pixels), expected, "corrected")
        // The correction does something: the output is not the generated image passed through.
        let generated = try XCTUnwrap(tensors["generated"]).data
        XCTAssertGreaterThan(zip(corrected.pixels, generated).map { abs($0 - $1) }.max() ?? 0, 0.05)
    }

    func testAutoRuleCoversHazeMotionBlurAndRaindrops() {
        let auto = DegradationType.allCases.filter { StructureCorrectionRule.auto.applies(to: $0) }
        XCTAssertEqual(Set(auto), [.haze, .motionBlur, .raindrop])
        XCTAssertEqual(DegradationType.allCases.filter { StructureCorrectionRule.always.applies(to: $0) }.count,
                       DegradationType.allCases.count)
    }

    func testMismatchedSizesAndWrongNetworksAreClearErrors() throws {
        let (corrector, _) = try golden()
        XCTAssertThrowsError(try corrector.correct(generated: RGBImage(width: 8, height: 8), clean: RGBImage(width: 9, height: 8))) {
            XCTAssertTrue("\($0)".contains("one size"), "\($0)")
        }
        // A 3-channel restorer is not a structure corrector...
        let restorer = try LearnedGoldenTests.fixture("nafnet_w8", "pth")
        XCTAssertThrowsError(try StructureCorrector(checkpoint: restorer)) {
            XCTAssertTrue("\($0)".contains("takes 6"), "\($0)")
        }
        // ...and the structure corrector is not a restorer.
        XCTAssertThrowsError(try LearnedRestorer(checkpoint: try Self.fixture("ckpt"))) {
            XCTAssertTrue("\($0)".contains("structure corrector"), "\($0)")
        }
        // A truncated checkpoint names the problem instead of crashing.
        let data = try Data(contentsOf: URL(fileURLWithPath: try Self.fixture("ckpt")))
        let truncated = NSTemporaryDirectory() + "gendeg-structure-\(UUID().uuidString).ckpt"
        try data.prefix(data.count / 2).write(to: URL(fileURLWithPath: truncated))
        defer { try? FileManager.default.removeItem(atPath: truncated) }
        XCTAssertThrowsError(try StructureCorrector(checkpoint: truncated)) {
            XCTAssertTrue("\($0)".contains(truncated), "\($0)")
        }
    }
}
