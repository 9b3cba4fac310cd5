import XCTest
@testable import GenDegEngine

/// Parity with spandrel / spandrel-extra-arches (NAFNet, Restormer), the official NAFNetLocal
/// (TLC), Zero-DCE and Zero-DCE++ model code, and the neuro-low-light wheel's real weights.
/// Fixtures: training/goldens/make_restorer_goldens.py.
final class LearnedGoldenTests: XCTestCase {
    static func fixture(_ name: String, _ ext: String) throws -> String {
        guard let url = Bundle.module.url(forResource: "Fixtures/learned/\(name)", withExtension: ext) else {
            throw XCTSkip("fixture learned/\(name).\(ext) is not bundled")
        }
        return url.path
    }

    /// Loads the checkpoint through detection, runs the golden input, compares with the golden output.
    @discardableResult
    func check(_ name: String, options: LearnedOptions = LearnedOptions(tlcTrainSize: 0),
               file: StaticString = #filePath, line: UInt = #line) throws -> LearnedRestorer {
        let restorer = try LearnedRestorer(checkpoint: try Self.fixture(name, "pth"), options: options)
        let golden = try TestSafetensors.load(URL(fileURLWithPath: try Self.fixture(name, "safetensors")))
        let input = try XCTUnwrap(golden["input"]), expected = try XCTUnwrap(golden["output"])
        let (h, w) = (input.shape[2], input.shape[3])
        let output = restorer.forward(RGBImage(width: w, height: h, pixels: input.data))
        assertClose(Tensor(shape: [1, 3, h, w], data: output.pixels), expected, name, file: file, line: line)
        return restorer
    }

    func testNAFNetWidth8ParamsWrapper() throws {
        let restorer = try check("nafnet_w8")
        XCTAssertEqual(restorer.architecture, .nafnet(NAFNetConfig(width: 8, encoderBlocks: [1, 1], middleBlocks: 1,
                                                                  decoderBlocks: [1, 1], tlcTrainSize: nil)))
    }

    func testNAFNetDeepStateDictWrapperModulePrefix() throws {
        let restorer = try check("nafnet_w6_deep")
        XCTAssertEqual(restorer.architecture, .nafnet(NAFNetConfig(width: 6, encoderBlocks: [2, 1, 1], middleBlocks: 2,
                                                                  decoderBlocks: [1, 1, 2], tlcTrainSize: nil)))
    }

    func testNAFNetLocalTLC() throws {
        try check("nafnet_local_w8_t32", options: LearnedOptions(tlcTrainSize: 32))
    }

    func testNAFNetLocalDiffersFromGlobalOnLargeImages() throws {
        // The same weights without TLC must not match the TLC golden: the local pooling is exercised.
        let restorer = try LearnedRestorer(checkpoint: try Self.fixture("nafnet_local_w8_t32", "pth"),
                                           options: LearnedOptions(tlcTrainSize: 0))
        let golden = try TestSafetensors.load(URL(fileURLWithPath: try Self.fixture("nafnet_local_w8_t32", "safetensors")))
        let input = try XCTUnwrap(golden["input"]), expected = try XCTUnwrap(golden["output"])
        let output = restorer.forward(RGBImage(width: input.shape[3], height: input.shape[2], pixels: input.data))
        let worst = zip(output.pixels, expected.data).map { abs($0 - $1) }.max() ?? 0
        XCTAssertGreaterThan(worst, 1e-3)
    }

    func testRestormerWithBias() throws {
        let restorer = try check("restormer_d4")
        guard case .restormer(let config) = restorer.architecture else { return XCTFail("not a Restormer") }
        XCTAssertEqual(config.dim, 4)
        XCTAssertEqual(config.heads, [1, 2, 2, 4])
        XCTAssertEqual(config.layerNorm, .withBias)
        XCTAssertFalse(config.bias)
        XCTAssertEqual(config.ffnExpansionFactor, 2.66)
    }

    func testRestormerBiasFreeWithConvBiasNetPrefix() throws {
        let restorer = try check("restormer_d6_biasfree")
        guard case .restormer(let config) = restorer.architecture else { return XCTFail("not a Restormer") }
        XCTAssertEqual(config.blocks, [1, 2, 1, 1])
        XCTAssertEqual(config.refinementBlocks, 2)
        XCTAssertEqual(config.layerNorm, .biasFree)
        XCTAssertTrue(config.bias)
    }

    func testZeroDCEPlusPlusNeuroLowLightRealWeightsOnPhoto() throws {
        let restorer = try check("zerodce_neuro_low_light")
        XCTAssertEqual(restorer.architecture, .zeroDCE(ZeroDCEConfig(variant: .neuroLowLight)))
        XCTAssertEqual(restorer.targets, [.lowLight])
    }

    func testOfficialZeroDCE() throws {
        try check("zerodce_official")
    }

    func testOfficialZeroDCEPlusPlusScale4() throws {
        try check("zerodcepp_official_s4", options: LearnedOptions(scaleFactor: 4))
    }

    /// The wheel's own file (with its optimizer state) when the training venv is present.
    func testNeuroLowLightWheelFileLoads() throws {
        let wheel = "/work/main/training/.venv/lib/python3.11/site-packages/neuro_low_light/weights/best_model.pth"
        guard FileManager.default.fileExists(atPath: wheel) else {
            throw XCTSkip("neuro-low-light is not installed in training/.venv (pip install neuro-low-light)")
        }
        let fromWheel = try LearnedRestorer(checkpoint: wheel)
        let fromFixture = try check("zerodce_neuro_low_light")
        let golden = try TestSafetensors.load(URL(fileURLWithPath: try Self.fixture("zerodce_neuro_low_light", "safetensors")))
        let input = try XCTUnwrap(golden["input"])
        let image = RGBImage(width: input.shape[3], height: input.shape[2], pixels: input.data)
        XCTAssertEqual(fromWheel.forward(image), fromFixture.forward(image))
    }
}
