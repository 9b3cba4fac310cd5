import Foundation
import XCTest
@testable import GenDegEngine

/// Folders written by the installed transformers / diffusers (make_model_folder_goldens.py):
/// every text encoder naming gives transformers' hidden states, the legacy VAE names resolve,
/// fp16 / bf16 tensors are widened, sharded indexes are read, and `inspect` says what it found
/// and what it assumed.
final class CheckpointModelFolderTests: XCTestCase {
    static let prompt = "a photo, in hazy conditions"

    func fixture(_ name: String) throws -> URL { try PipelineInstructPix2PixGoldenTests.fixture(name) }

    func golden(_ name: String) throws -> Tensor {
        try CheckpointFile.open(fixture("goldens.safetensors").path).tensor(name)
    }

    /// The hidden states of PROMPT from the CLIP text tower in `folder` (a component folder
    /// with config.json, or a pipeline folder's text_encoder/).
    func hiddenStates(_ folder: String, configPath: String) throws -> (Tensor, ComponentWeights) {
        let file = try CheckpointFile.open(folder)
        let weights = try ComponentWeights.resolve(.textEncoder, in: file)
        let config = try XCTUnwrap(DiffusersConfig.clipText(at: configPath))
        let model = try CLIPTextModel(config: config, weights: weights)
        let tokenizer = try XCTUnwrap(CLIPTokenizer.load(folder: fixture("ip2p/tokenizer").path))
        return (try model.forward(tokens: tokenizer.encode(Self.prompt)), weights)
    }

    func assertMatches(_ actual: Tensor, _ golden: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let expected = try self.golden(golden)
        XCTAssertEqual(actual.shape, expected.shape, golden, file: file, line: line)
        assertClose(actual.data, expected.data, relativeTo: 1e-4, golden, file: file, line: line)
    }

    func testTransformers5NamingWithoutTextModelPrefix() throws {
        let folder = try fixture("ip2p").path
        let (hidden, weights) = try hiddenStates(folder, configPath: folder + "/text_encoder/config.json")
        XCTAssertTrue(try CheckpointFile.open(folder).names.contains("text_encoder.embeddings.token_embedding.weight"))
        XCTAssertTrue(weights.namingNotes.contains { $0.hasPrefix("transformers 5.x CLIP naming") }, "\(weights.namingNotes)")
        try assertMatches(hidden, "text.transformers5")
    }

    func testTransformers4NamingWithTextModelPrefix() throws {
        let folder = try fixture("text-encoders/transformers4").path
        let (hidden, weights) = try hiddenStates(folder, configPath: folder + "/config.json")
        XCTAssertEqual(weights.namingNotes, [])
        XCTAssertEqual(try CheckpointFile.open(folder).info("text_model.embeddings.token_embedding.weight")?.dtype, .float16)
        try assertMatches(hidden, "text.transformers4")
    }

    func testCLIPTextModelWithProjectionNaming() throws {
        let folder = try fixture("text-encoders/with-projection").path
        let (hidden, weights) = try hiddenStates(folder, configPath: folder + "/config.json")
        XCTAssertTrue(weights.namingNotes.contains { $0.hasPrefix("CLIPTextModelWithProjection") }, "\(weights.namingNotes)")
        XCTAssertEqual(try CheckpointFile.open(folder).info("text_projection.weight")?.dtype, .bfloat16)
        try assertMatches(hidden, "text.with_projection")
    }

    func testShardedTextEncoderIndex() throws {
        let folder = try fixture("text-encoders/sharded").path
        let (hidden, _) = try hiddenStates(folder, configPath: folder + "/config.json")
        try assertMatches(hidden, "text.sharded")
        // The index file can also be opened directly.
        let index = try CheckpointFile.open(folder + "/model.safetensors.index.json")
        XCTAssertEqual(Set(index.names), Set(try CheckpointFile.open(folder).names))
    }

    func testSafetensorsWhoseHeaderLengthStartsLikeAPickle() throws {
        // A 384-byte header (0x180) makes the file start 0x80 0x01: PROTO 1 to a pickle sniffer.
        var header = #"{"t": {"dtype": "F32", "shape": [2], "data_offsets": [0, 8]}}"#
        header += String(repeating: " ", count: 0x180 - header.utf8.count)
        var bytes = Data([0x80, 0x01, 0, 0, 0, 0, 0, 0]) + Data(header.utf8)
        bytes += Data([0, 0, 0x80, 0x3F, 0, 0, 0, 0x40])
        let file = try CheckpointFile.parse(bytes: bytes)
        XCTAssertEqual(file.format, .safetensors)
        XCTAssertEqual(try file.tensor("t").data, [1, 2])
    }

    func testLegacyVAEAttentionNamesResolveToTheCurrentOnes() throws {
        let legacy = try ComponentWeights.resolve(.vae, in: CheckpointFile.open(fixture("vae-legacy").path))
        let current = try ComponentWeights.resolve(.vae, in: CheckpointFile.open(fixture("ip2p").path))
        XCTAssertTrue(legacy.namingNotes.contains { $0.hasPrefix("diffusers < 0.14 VAE attention naming") }, "\(legacy.namingNotes)")
        XCTAssertEqual(current.namingNotes, [])
        XCTAssertEqual(legacy.names, current.names)
        XCTAssertTrue(legacy.names.contains("encoder.mid_block.attentions.0.to_out.0.weight"))
        for name in current.names { XCTAssertEqual(try legacy.tensor(name).data, try current.tensor(name).data, name) }
    }

    func testHalfPrecisionAndShardsInThePipelineFolder() throws {
        let file = try CheckpointFile.open(fixture("ip2p").path)
        XCTAssertEqual(file.metadata["unet.dtype"], "F16")
        XCTAssertEqual(file.metadata["vae.dtype"], "BF16")
        XCTAssertEqual(file.metadata["vae.shards"], "3")
        XCTAssertEqual(file.info("unet.conv_in.weight")?.dtype, .float16)
        // bf16 is the top half of a float32: widening is exact and keeps the low 16 bits zero.
        let decoderConv = try file.tensor("vae.decoder.conv_in.weight")
        XCTAssertTrue(decoderConv.data.allSatisfy { $0.bitPattern & 0xFFFF == 0 })
        XCTAssertGreaterThan(decoderConv.data.map(abs).max()!, 0)
    }

    func testShardIndexProblemsAreTypedErrors() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gendeg-shards-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let shard = try fixture("text-encoders/sharded/model-00002-of-00002.safetensors")
        try FileManager.default.copyItem(at: shard, to: folder.appendingPathComponent("part.safetensors"))
        let index = folder.appendingPathComponent("model.safetensors.index.json")
        func check(_ json: String, _ expected: String) throws {
            try Data(json.utf8).write(to: index)
            XCTAssertThrowsError(try CheckpointFile.open(index.path)) { error in
                XCTAssertTrue("\(error)".contains(expected), "\(error)")
                XCTAssertTrue("\(error)".contains(index.path) || "\(error)".contains(folder.path), "\(error)")
            }
        }
        try check(#"{"weight_map": {"a.weight": "../part.safetensors"}}"#, "not a file name in the index's folder")
        try check(#"{"weight_map": {"a.weight": "missing.safetensors"}}"#, "missing")
        try check(#"{"weight_map": {"no.such.tensor": "part.safetensors"}}"#, "has no such tensor")
        try check(#"{"metadata": {}}"#, "no \"weight_map\"")
        try check(#"{"weight_map": {}}"#, "lists no tensors")
    }

    func testInspectSaysWhatItFoundAndAssumed() throws {
        let report = try ModelInspection.inspect(fixture("ip2p").path).render(maximumTensors: 0)
        for line in ["model_index.json: StableDiffusionInstructPix2PixPipeline",
                     "unet/config.json: in_channels 8, block_out_channels [4, 8, 8], [1, 1, 2] heads, cross_attention_dim 8, transformer depth [1, 1, 2]",
                     "scheduler/scheduler_config.json: EulerAncestralDiscreteScheduler, scaled_linear betas 0.00085..0.012, 1000 steps, epsilon prediction",
                     "tokenizer/: tokenizer.json (transformers 5.x)",
                     "text_encoder naming: transformers 5.x CLIP naming",
                     "unet stored as F16, widened to F32 at load", "vae stored as BF16, widened to F32 at load",
                     "vae sharded in 3 files (index read)",
                     "runs as plain InstructPix2Pix (text and image guidance only; no intensity conditioning: mu/sigma ignored)",
                     "no gendeg.json: GenDeg's built-in prompts", "not used: feature_extractor", "not used: requires_safety_checker"] {
            XCTAssertFalse(line.isEmpty)
            if line.hasPrefix("not used:") {
                XCTAssertFalse(report.contains(line), "null components are not reported as unused:\n\(report)")
            } else {
                XCTAssertTrue(report.contains(line), "missing '\(line)' in:\n\(report)")
            }
        }
        XCTAssertTrue(report.contains("\nfound:\n") && report.contains("\nassumed:\n"), report)
        // A component's own folder: its config.json, its naming.
        let component = try ModelInspection.inspect(fixture("text-encoders/with-projection").path).render(maximumTensors: 0)
        for line in ["one component's folder: config.json read", "text encoder (CLIP): width 8, layers 2, heads 2,",
                     "text_encoder naming: CLIPTextModelWithProjection"] {
            XCTAssertTrue(component.contains(line), "missing '\(line)' in:\n\(component)")
        }
        XCTAssertFalse(component.contains("model_index.json"), component)
    }

    func testBundledModelsTokenizerFolderMatchesTheBundledVocabulary() throws {
        // GenDeg-small's own tokenizer/ is now used; it must give the ids the bundled vocabulary gives.
        let model = try XCTUnwrap(DiffusionGenerators.bundledModelPath(), "this build bundles GenDeg-small")
        let folder = try XCTUnwrap(ModelFolder.read(model).tokenizerFolder)
        let own = try XCTUnwrap(CLIPTokenizer.load(folder: folder)), bundled = try CLIPTokenizer.bundled()
        for text in ["a photo, in hazy conditions", "a city street with cars and people, in rainy and hazy conditions",
                     "Café naïve, with raindrops in it", ""] {
            XCTAssertEqual(own.encode(text), bundled.encode(text), text)
        }
    }

    func testGenDegFolderWithModelIndexAndNoGenDegJSON() throws {
        // GenDeg's own layout plus diffusers' model_index.json, without gendeg.json: still GenDeg.
        let source = try XCTUnwrap(Bundle.module.url(forResource: "tiny-gendeg", withExtension: nil, subdirectory: "Fixtures/pipeline"))
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gendeg-index-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: source, to: folder)
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.removeItem(at: folder.appendingPathComponent("gendeg.json"))
        try Data(#"{"_class_name": "StableDiffusionInstructPix2PixPipeline", "unet": ["diffusers", "UNet2DConditionModel"], "safety_checker": ["stable_diffusion", "StableDiffusionSafetyChecker"], "feature_extractor": [null, null]}"#.utf8)
            .write(to: folder.appendingPathComponent("model_index.json"))
        let report = try ModelInspection.inspect(folder.path).render(maximumTensors: 0)
        XCTAssertTrue(report.contains("not used: safety_checker\n"), report)
        XCTAssertTrue(report.contains("gendeg conditioning: stats_proj"), report)
        let model = try GenDegModel.load(path: folder.path)
        XCTAssertNotNil(model.conditioning)
        XCTAssertEqual(model.displayName, folder.lastPathComponent)
        XCTAssertEqual(model.resolution, 256)
        XCTAssertEqual(model.schedule, .stableDiffusion)
    }
}
