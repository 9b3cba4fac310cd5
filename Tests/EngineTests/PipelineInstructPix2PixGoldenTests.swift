import Foundation
import XCTest
@testable import GenDegEngine

/// A plain InstructPix2Pix pipeline folder as diffusers saves it (model_index.json, no
/// conditioning/, no gendeg.json; fp16 UNet, bf16 sharded VAE, transformers 5.x text encoder
/// and tokenizer.json) against diffusers' StableDiffusionInstructPix2PixPipeline on the same
/// folder (training/goldens/make_model_folder_goldens.py): 64 px, 4 steps, Euler ancestral from
/// a fixed CPU generator and deterministic Euler.
final class PipelineInstructPix2PixGoldenTests: XCTestCase {
    /// The bound: 3/255 on [0, 1] images.
    static let tolerance: Float = 3.0 / 255

    static func fixture(_ name: String) throws -> URL {
        try XCTUnwrap(Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Fixtures/modelfolders"),
                      "missing fixture modelfolders/\(name)")
    }

    func loadModel() throws -> GenDegModel { try GenDegModel.load(path: Self.fixture("ip2p").path) }

    func golden(_ name: String) throws -> Tensor {
        try CheckpointFile.open(Self.fixture("goldens.safetensors").path).tensor(name)
    }

    func testFolderLoadsWithoutGenDegFiles() throws {
        let model = try loadModel()
        XCTAssertNil(model.conditioning)
        XCTAssertEqual(model.name, "ip2p")
        XCTAssertTrue(model.displayName.contains("InstructPix2Pix"))
        XCTAssertTrue(model.displayName.contains(GenDegModel.noConditioningLabel))
        XCTAssertEqual(GenDegModel.noConditioningLabel, "no intensity conditioning: mu/sigma ignored")
        XCTAssertEqual(model.resolution, ModelFolder.defaultResolution)
        XCTAssertEqual(model.defaultCaption, "a photo")
        XCTAssertNil(model.recommendedGuidance)
        XCTAssertEqual(model.schedule.schedulerClass, "EulerAncestralDiscreteScheduler")
        XCTAssertEqual(model.schedule.betaSchedule, "scaled_linear")
        XCTAssertEqual(model.unetConfig.levelAttentionHeads, [1, 1, 2])
        XCTAssertEqual(model.unetConfig.levelTransformerDepth, [1, 1, 2])
        XCTAssertEqual(model.unetConfig.crossAttentionDim, 8)
        XCTAssertEqual(model.textConfig.hiddenSize, 8)
        XCTAssertEqual(model.tokenizer.endID, 553)
        XCTAssertEqual(model.tokenizer.encode("a photo, in hazy conditions").map(Float.init), try golden("prompt_ids").data)
    }

    func testGeneratorIsLabelledForPanesExportsAndManifests() throws {
        // Pane titles, export sidecars and synth manifests all show the generator's name.
        let generator = DiffusionGenerator(model: try loadModel())
        XCTAssertTrue(generator.name.contains("no intensity conditioning: mu/sigma ignored"), generator.name)
    }

    func testMuAndSigmaAreIgnored() throws {
        let pipeline = GenDegPipeline(model: try loadModel())
        let prompt = "a photo, in hazy conditions"
        let a = try pipeline.contexts(prompt: prompt, mu: 0.05, sigma: 0.02)
        let b = try pipeline.contexts(prompt: prompt, mu: 0.6, sigma: 0.3)
        XCTAssertEqual(a.cond.data, b.cond.data)
        XCTAssertEqual(a.cond.data, try pipeline.model.textEncoder.forward(tokens: pipeline.model.tokenizer.encode(prompt)).data)
        XCTAssertEqual(a.uncond.data, try pipeline.model.textEncoder.forward(tokens: pipeline.model.tokenizer.encode("")).data)
    }

    func check(_ sampler: SamplerKind, golden name: String) throws {
        let pipeline = GenDegPipeline(model: try loadModel())
        let clean = try ImageIO.read(Self.fixture("input.png").path)
        XCTAssertEqual(clean.width, 64)
        let parameters = GenDegParameters(type: .haze, mu: 0.3, sigma: 0.1, caption: "a photo", steps: 4, sampler: sampler,
                                          textGuidance: 7.5, imageGuidance: 1.5, seed: 1234, rng: .torchCPU, resolution: 64)
        let image = try pipeline.decode(pipeline.sampleLatent(input: clean, parameters: parameters))
        let expected = try golden(name)
        XCTAssertEqual(expected.shape, [1, 3, 64, 64])
        XCTAssertEqual(image.pixels.count, expected.count)
        var worst: Float = 0
        for (a, b) in zip(image.pixels, expected.data) { worst = max(worst, abs(a - b)) }
        let spread = expected.data.max()! - expected.data.min()!
        XCTAssertGreaterThan(spread, 0.1, "the reference image is flat; the comparison would prove nothing")
        XCTAssertLessThanOrEqual(worst, Self.tolerance, "\(name): max difference \(worst * 255)/255")
        print("PipelineInstructPix2PixGoldenTests \(name): max difference \(worst) (\(worst * 255)/255)")
    }

    func testEulerAncestralMatchesDiffusersPipeline() throws { try check(.eulerAncestral, golden: "euler_a.image") }

    func testEulerMatchesDiffusersPipeline() throws { try check(.ddim, golden: "euler.image") }
}
