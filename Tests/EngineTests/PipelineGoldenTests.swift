import Foundation
import XCTest
@testable import GenDegEngine

/// The whole GenDeg pipeline against run_single.py built from diffusers + transformers +
/// k-diffusion on a tiny random GenDeg (training/goldens/make_pipeline_goldens.py).
final class PipelineGoldenTests: XCTestCase {
    static let tolerance: Float = 1e-4

    func fixtureURL(_ name: String) throws -> URL {
        try XCTUnwrap(Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Fixtures/pipeline"),
                      "missing fixture pipeline/\(name)")
    }

    func loadModel() throws -> GenDegModel { try GenDegModel.load(path: fixtureURL("tiny-gendeg").path) }
    func goldens() throws -> [String: Tensor] { try TestSafetensors.load(fixtureURL("goldens.safetensors")) }
    func input() throws -> RGBImage { try ImageIO.read(fixtureURL("input.png").path) }

    func parameters(_ sampler: SamplerKind, steps: Int = 4) -> GenDegParameters {
        GenDegParameters(type: .haze, mu: 0.12, sigma: 0.07, caption: "a photo", steps: steps, sampler: sampler,
                         textGuidance: 7.5, imageGuidance: 1.5, seed: 1234, rng: .torchCPU, resolution: 32)
    }

    /// Max abs error of `actual` against `expected`, asserted <= tolerance x the reference's max abs.
    @discardableResult
    func assertMatches(_ actual: [Float], _ expected: Tensor, _ label: String,
                       file: StaticString = #filePath, line: UInt = #line) -> Float {
        XCTAssertEqual(actual.count, expected.count, "\(label): element count", file: file, line: line)
        guard actual.count == expected.count else { return .infinity }
        let scale = expected.data.reduce(Float(0)) { max($0, abs($1)) }
        var worst: Float = 0
        for i in actual.indices { worst = max(worst, abs(actual[i] - expected.data[i])) }
        XCTAssertFalse(worst.isNaN, "\(label): NaN", file: file, line: line)
        XCTAssertLessThanOrEqual(worst, Self.tolerance * scale, "\(label): max abs error \(worst), scale \(scale)",
                                 file: file, line: line)
        print("PipelineGoldenTests \(label): max abs error \(worst) (scale \(scale))")
        return worst
    }

    func testModelLoadsFromDiffusersFolder() throws {
        let model = try loadModel()
        XCTAssertEqual(model.name, "tiny-gendeg")
        XCTAssertEqual(model.resolution, 32)
        XCTAssertEqual(model.defaultCaption, "a photo")
        XCTAssertEqual(model.unetConfig.inChannels, 8)
        XCTAssertEqual(model.vaeConfig.latentChannels, 4)
        XCTAssertEqual(model.textConfig.hiddenSize, 16)
        XCTAssertEqual(GenDegPrompt.text(caption: model.defaultCaption, type: .haze), "a photo, in hazy conditions")
    }

    func testContextsAndCleanLatentMatchReference() throws {
        let pipeline = GenDegPipeline(model: try loadModel())
        let g = try goldens()
        let (cond, uncond) = try pipeline.contexts(prompt: "a photo, in hazy conditions", mu: 0.12, sigma: 0.07)
        XCTAssertEqual(cond.shape, [1, 77, 16])
        assertMatches(cond.data, g["cond_context"]!, "cond context")
        assertMatches(uncond.data, g["uncond_context"]!, "uncond context")
        let latent = try pipeline.imageLatent(try input())
        XCTAssertEqual(latent.shape, [1, 4, 16, 16])
        assertMatches(latent.data, g["clean_latent"]!, "clean latent")
    }

    func checkSampler(_ sampler: SamplerKind, golden prefix: String) throws {
        let pipeline = GenDegPipeline(model: try loadModel())
        let g = try goldens()
        let clean = try input()
        XCTAssertEqual(clean.width, 32)
        var initial = TorchCPURandom(seed: 1234)
        let sigma0 = pipeline.denoiserSchedule.getSigmas(4)[0]
        assertMatches(initial.normal(count: 4 * 16 * 16).map { $0 * sigma0 }, g["\(prefix).initial"]!, "\(prefix) initial noise")
        let latent = try pipeline.sampleLatent(input: clean, parameters: parameters(sampler))
        XCTAssertEqual(latent.shape, [1, 4, 16, 16])
        assertMatches(latent.data, g["\(prefix).final_latent"]!, "\(prefix) final latent")
        let decoded = try pipeline.decode(latent)
        assertMatches(decoded.pixels, g["\(prefix).image"]!, "\(prefix) decoded image")
    }

    func testEulerAncestralMatchesReference() throws { try checkSampler(.eulerAncestral, golden: "euler_a") }

    func testDDIMMatchesReference() throws { try checkSampler(.ddim, golden: "ddim") }

    func testOnStepReportsEveryStepWithPreview() throws {
        let pipeline = GenDegPipeline(model: try loadModel())
        let clean = try input()
        var seen: [Int] = []
        _ = try pipeline.generate(clean: clean, parameters: parameters(.eulerAncestral, steps: 3)) { step, total, preview in
            XCTAssertEqual(total, 3)
            XCTAssertEqual(preview.map { [$0.width, $0.height] }, [32, 32])
            seen.append(step)
            return true
        }
        XCTAssertEqual(seen, [0, 1, 2])
    }

    func testOnStepReturningFalseCancels() throws {
        let pipeline = GenDegPipeline(model: try loadModel())
        var calls = 0
        XCTAssertThrowsError(try pipeline.generate(clean: try input(), parameters: parameters(.ddim)) { _, _, _ in
            calls += 1
            return false
        }) { XCTAssertEqual($0 as? SamplerError, .cancelled, "\($0)") }
        XCTAssertEqual(calls, 1)
    }

    func testWorksThroughDegradationGeneratorProtocol() throws {
        let generator: DegradationGenerator = DiffusionGenerator(model: try loadModel())
        XCTAssertEqual(generator.name, "tiny-gendeg")
        let request = GenerationRequest(clean: try input(), type: .haze, targetMu: 0.12, targetSigma: 0.07, seed: 1234,
                                        settings: GeneratorSettings(steps: 4, sampler: .eulerAncestral, textGuidance: 7.5, imageGuidance: 1.5))
        var indices: [Int] = []
        let result = try generator.generate(request) { step in
            XCTAssertEqual(step.total, 4)
            indices.append(step.index)
            return true
        }
        XCTAssertEqual(indices, [1, 2, 3, 4])
        assertMatches(result.image.pixels, try goldens()["euler_a.image"]!, "DegradationGenerator euler-a image")

        XCTAssertThrowsError(try generator.generate(request) { _ in false }) {
            XCTAssertEqual($0 as? GenerationError, .cancelled)
        }
        // The sampler is typed: an unknown name is refused where it is read, never at run time.
        let stored = try JSONEncoder().encode(request.settings)
        XCTAssertTrue(String(decoding: stored, as: UTF8.self).contains("\"sampler\":\"euler-a\""))
        let unknown = Data(String(decoding: stored, as: UTF8.self).replacingOccurrences(of: "euler-a", with: "plms").utf8)
        XCTAssertThrowsError(try JSONDecoder().decode(GeneratorSettings.self, from: unknown))
    }

    /// A copy of the fixture folder in a temporary directory, edited by `edit`.
    func modifiedCopy(_ edit: (URL) throws -> Void) throws -> URL {
        let copy = FileManager.default.temporaryDirectory.appendingPathComponent("tiny-gendeg-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: try fixtureURL("tiny-gendeg"), to: copy)
        addTeardownBlock { try? FileManager.default.removeItem(at: copy) }
        try edit(copy)
        return copy
    }

    /// Without conditioning/ the folder is plain InstructPix2Pix (issue 18): it loads, says so in
    /// its name, and its contexts are the text embeddings alone.
    func testFolderWithoutConditioningRunsAsInstructPix2Pix() throws {
        let folder = try modifiedCopy { try FileManager.default.removeItem(at: $0.appendingPathComponent("conditioning")) }
        let model = try GenDegModel.load(path: folder.path)
        XCTAssertNil(model.conditioning)
        XCTAssertEqual(model.displayName, "tiny-gendeg (InstructPix2Pix, no intensity conditioning: mu/sigma ignored)")
        let (cond, _) = try GenDegPipeline(model: model).contexts(prompt: "a photo, in hazy conditions", mu: 0.12, sigma: 0.07)
        XCTAssertEqual(cond.data, try model.textEncoder.forward(tokens: model.tokenizer.encode("a photo, in hazy conditions")).data)
    }

    func testUNetWithWrongChannelCountIsRejected() throws {
        let folder = try modifiedCopy { folder in
            let config = folder.appendingPathComponent("unet/config.json")
            var json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: config)) as? [String: Any])
            json["in_channels"] = 4
            try JSONSerialization.data(withJSONObject: json).write(to: config)
        }
        XCTAssertThrowsError(try GenDegModel.load(path: folder.path)) {
            let message = "\($0)"
            XCTAssertTrue(message.contains("not a GenDeg model") && message.contains("takes 4 channels"), message)
        }
    }
}
