import XCTest
@testable import GenDegEngine

/// Whole-UNet parity with diffusers' UNet2DConditionModel on a tiny random configuration.
final class ModelUNetTests: XCTestCase {
    func testTinyUNetMatchesDiffusers() throws {
        let t = try TestSafetensors.fixture("unet")
        let unet = try UNet2DCondition(config: .tiny, weights: DictionaryWeightSource(t))
        let out = try unet.forward(sample: t["io.sample"]!, timesteps: t["io.timesteps"]!.data, context: t["io.context"]!)
        assertClose(out, t["io.output"]!, "tiny UNet")
    }

    func testSharedTimestepMatchesPerItem() throws {
        let t = try TestSafetensors.fixture("unet")
        let unet = try UNet2DCondition(config: .tiny, weights: DictionaryWeightSource(t))
        let a = try unet.forward(sample: t["io.sample"]!, timestep: 17, context: t["io.context"]!)
        let b = try unet.forward(sample: t["io.sample"]!, timesteps: [17, 17], context: t["io.context"]!)
        XCTAssertEqual(a, b)
    }

    func testMissingAndMisshapenWeightsAreNamed() throws {
        var t = try TestSafetensors.fixture("unet")
        t["conv_in.weight"] = nil
        XCTAssertThrowsError(try UNet2DCondition(config: .tiny, weights: DictionaryWeightSource(t))) {
            XCTAssertEqual($0 as? ModelLoadError, .missingTensor("conv_in.weight"))
        }
        t = try TestSafetensors.fixture("unet")
        XCTAssertThrowsError(try UNet2DCondition(config: .sd15(inChannels: 8), weights: DictionaryWeightSource(t))) {
            XCTAssertEqual($0 as? ModelLoadError, .shapeMismatch("conv_in.weight", expected: [320, 8, 3, 3], actual: [16, 8, 3, 3]))
        }
    }

    func testRejectsBadInputs() throws {
        let t = try TestSafetensors.fixture("unet")
        let unet = try UNet2DCondition(config: .tiny, weights: DictionaryWeightSource(t))
        XCTAssertThrowsError(try unet.forward(sample: Tensor(zeros: [1, 4, 8, 8]), timestep: 1, context: Tensor(zeros: [1, 77, 32])))
        XCTAssertThrowsError(try unet.forward(sample: Tensor(zeros: [1, 8, 6, 6]), timestep: 1, context: Tensor(zeros: [1, 77, 32])))
        XCTAssertThrowsError(try unet.forward(sample: Tensor(zeros: [2, 8, 8, 8]), timestep: 1, context: Tensor(zeros: [1, 77, 32])))
    }
}
