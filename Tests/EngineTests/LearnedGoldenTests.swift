import XCTest
@testable import GenDegEngine

/// Parity with spandrel / spandrel-extra-arches (NAFNet, Restormer), the official NAFNetLocal
/// (TLC), Zero-DCE and Zero-DCE++ model code, and the neuro-low-light wheel's real weights.
/// Fixtures: training/goldens/make_restorer_goldens.py.
final class LearnedGoldenTests: XCTestCase {
    static func fixture(_ name: String, _ ext: String) throws -> String {
        // A committed fixture that is missing is a broken checkout: fail, never skip.
        try XCTUnwrap(Bundle.module.url(forResource: "Fixtures/learned/\(name)", withExtension: ext),
                      "fixture learned/\(name).\(ext) is not bundled").path
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
        guard let config = restorer.architecture.restormer else { return XCTFail("not a Restormer") }
        XCTAssertEqual(config.dim, 4)
        XCTAssertEqual(config.heads, [1, 2, 2, 4])
        XCTAssertEqual(config.layerNorm, .withBias)
        XCTAssertFalse(config.bias)
        XCTAssertEqual(config.ffnExpansionFactor, 2.66)
    }

    func testRestormerBiasFreeWithConvBiasNetPrefix() throws {
        let restorer = try check("restormer_d6_biasfree")
        guard let config = restorer.architecture.restormer else { return XCTFail("not a Restormer") }
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

    /// The fixture is laid out as the wheel's weights/best_model.pth: the weights under
    /// `model_state_dict` beside the optimizer (Adam moments per parameter), scheduler and scaler
    /// state, epochs and losses. Only the 14 weights are read; the rest shows as metadata.
    func testNeuroLowLightWheelLayoutLoads() throws {
        let file = try CheckpointFile.open(try Self.fixture("zerodce_neuro_low_light", "pth"))
        XCTAssertEqual(file.metadata["weights_key"], "model_state_dict")
        for key in ["epoch", "best_val_loss", "optimizer_state_dict.param_groups", "optimizer_state_dict.state.13",
                    "scheduler_state_dict.T_max", "scaler_state_dict.scale"] {
            XCTAssertNotNil(file.metadata[key], "the fixture lacks the wheel's \(key)")
        }
        XCTAssertEqual(file.names.count, 14)
        XCTAssertTrue(file.names.allSatisfy { $0.hasPrefix("dce_net.conv") }, "\(file.names)")
        try check("zerodce_neuro_low_light")
    }

    /// Zero-DCE++ at the official scale 12 on 67 x 53: Li-Chongyi/Zero-DCE_extension's
    /// lowlight_test.py crops to 60 x 48 before running, and gendeg matches that result there.
    func testOfficialZeroDCEPlusPlusScale12MatchesTheOfficialCropRegion() throws {
        let restorer = try LearnedRestorer(checkpoint: try Self.fixture("zerodcepp_official_s12_crop", "pth"))
        let golden = try TestSafetensors.load(URL(fileURLWithPath: try Self.fixture("zerodcepp_official_s12_crop", "safetensors")))
        let input = try XCTUnwrap(golden["input"]), expected = try XCTUnwrap(golden["output"])
        let (h, w, ch, cw) = (input.shape[2], input.shape[3], expected.shape[2], expected.shape[3])
        XCTAssertEqual([h, w, ch, cw], [53, 67, 48, 60])
        let output = restorer.forward(RGBImage(width: w, height: h, pixels: input.data))
        XCTAssertEqual([output.width, output.height], [w, h])
        var region = [Float]()
        for c in 0..<3 { for y in 0..<ch { for x in 0..<cw { region.append(output.pixels[(c * h + y) * w + x]) } } }
        assertClose(Tensor(shape: [1, 3, ch, cw], data: region), expected, "zerodcepp_official_s12_crop")
    }

    /// Beyond the official crop, the curve of the nearest cropped pixel applies: an image whose
    /// extra rows and columns repeat the crop's last ones comes out with them repeated too.
    func testZeroDCEPlusPlusExtendsTheEdgeCurveBeyondTheCrop() throws {
        let restorer = try LearnedRestorer(checkpoint: try Self.fixture("zerodcepp_official_s12_crop", "pth"))
        let golden = try TestSafetensors.load(URL(fileURLWithPath: try Self.fixture("zerodcepp_official_s12_crop", "safetensors")))
        let input = try XCTUnwrap(golden["input"])
        let (h, w, ch, cw) = (input.shape[2], input.shape[3], 48, 60)
        var pixels = input.data
        for c in 0..<3 { for y in 0..<h { for x in 0..<w where y >= ch || x >= cw {
            pixels[(c * h + y) * w + x] = input.data[(c * h + min(y, ch - 1)) * w + min(x, cw - 1)]
        } } }
        let output = restorer.forward(RGBImage(width: w, height: h, pixels: pixels))
        for c in 0..<3 { for y in 0..<h { for x in 0..<w where y >= ch || x >= cw {
            XCTAssertEqual(output.pixels[(c * h + y) * w + x], output.pixels[(c * h + min(y, ch - 1)) * w + min(x, cw - 1)])
        } } }
    }
}
