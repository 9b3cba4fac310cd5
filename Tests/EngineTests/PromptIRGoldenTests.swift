import XCTest
@testable import GenDegEngine

/// Parity with the official PromptIR model definition (va1shn9v/PromptIR net/model.py, read from a
/// checkout of that repository by the fixture script), on a tiny random model in the official
/// Lightning checkpoint layout, run on a 37 x 23 photo crop reflect-padded as the official demo
/// does. Fixtures: training/goldens/make_promptir_goldens.py.
final class PromptIRGoldenTests: XCTestCase {
    static let tinyConfig = PromptIRConfig(
        backbone: RestormerConfig(dim: 4, blocks: [1, 1, 1, 1], refinementBlocks: 1, heads: [1, 2, 2, 4]),
        prompts: [.init(length: 3, channels: 4, size: 16), .init(length: 3, channels: 8, size: 8), .init(length: 3, channels: 12, size: 4)],
        noiseHeads: [2, 2, 2])

    func golden() throws -> (input: RGBImage, output: Tensor) {
        let golden = try TestSafetensors.load(URL(fileURLWithPath: try LearnedGoldenTests.fixture("promptir_d4", "safetensors")))
        let input = try XCTUnwrap(golden["input"]), output = try XCTUnwrap(golden["output"])
        return (RGBImage(width: input.shape[3], height: input.shape[2], pixels: input.data), output)
    }

    func testTinyPromptIRMatchesOfficialForward() throws {
        let restorer = try LearnedRestorer(checkpoint: try LearnedGoldenTests.fixture("promptir_d4", "pth"))
        XCTAssertEqual(restorer.architecture, .promptIR(Self.tinyConfig))
        XCTAssertEqual(restorer.targets, [.haze, .rain])
        let (input, expected) = try golden()
        let output = restorer.forward(input)
        assertClose(Tensor(shape: [1, 3, input.height, input.width], data: output.pixels), expected, relative: 1e-4, "promptir_d4")
    }

    /// The prompts matter at this tolerance: with their softmax weights made uniform (linear
    /// layers zeroed) the output leaves the golden, so the parity test checks the prompt path.
    func testPromptWeightsChangeTheOutput() throws {
        let weights = try WeightLoader.open(try LearnedGoldenTests.fixture("promptir_d4", "pth"))
        let flattened = WeightLoader(source: "uniform-prompts.pth", shapes: weights.allShapes) { name in
            let values = try weights.take(name, shape: weights.shape(name)!)
            let zeroed = name.hasSuffix("linear_layer.weight") || name.hasSuffix("linear_layer.bias")
            return Tensor(shape: weights.shape(name)!, data: zeroed ? [Float](repeating: 0, count: values.count) : values)
        }
        let network = try PromptIR(flattened, config: Self.tinyConfig)
        let (input, expected) = try golden()
        let output = network.run(PlanarMap(input)).image()
        let worst = zip(output.pixels, expected.data).map { abs($0 - $1) }.max() ?? 0
        XCTAssertGreaterThan(worst, 1e-3)
    }

    func testRegistryArchitectureNameIsChecked() throws {
        let path = try LearnedGoldenTests.fixture("promptir_d4", "pth")
        XCTAssertNoThrow(try LearnedRestorer(checkpoint: path, declaredArchitecture: "promptir"))
        XCTAssertThrowsError(try LearnedRestorer(checkpoint: path, declaredArchitecture: "restormer")) {
            XCTAssertEqual($0 as? LearnedRestorerError, .architectureMismatch(declared: "restormer", detected: "promptir", checkpoint: path))
        }
    }
}
