import Foundation
import XCTest
@testable import GenDegEngine

/// unet/config.json in the forms diffusers writes and reads, and scheduler configs.
final class PipelineDiffusersConfigTests: XCTestCase {
    var folder: URL!

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("gendeg-config-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: folder)
    }

    func write(_ json: String) throws -> String {
        let url = folder.appendingPathComponent("config-\(UUID().uuidString).json")
        try Data(json.utf8).write(to: url)
        return url.path
    }

    /// An SD-1.x-shaped UNet config with `extra` keys merged in.
    func unet(_ extra: String) throws -> UNetConfig? {
        try DiffusersConfig.unet(at: write("""
            {"in_channels": 8, "out_channels": 4, "block_out_channels": [32, 64], "layers_per_block": 1,
             "down_block_types": ["CrossAttnDownBlock2D", "DownBlock2D"], "norm_num_groups": 8\(extra.isEmpty ? "" : ", " + extra)}
            """))
    }

    func assertRefused(_ extra: String, _ reason: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try unet(extra), file: file, line: line) { error in
            XCTAssertTrue("\(error)".contains(reason), "\(error)", file: file, line: line)
            XCTAssertTrue("\(error)".contains(self.folder.path), "names the file: \(error)", file: file, line: line)
        }
    }

    func testAttentionHeadsInEveryForm() throws {
        let int = try XCTUnwrap(unet(#""attention_head_dim": 4, "cross_attention_dim": 16"#))
        XCTAssertEqual(int.attentionHeads, 4)
        XCTAssertNil(int.levelAttentionHeads)
        let list = try XCTUnwrap(unet(#""attention_head_dim": [2, 4], "cross_attention_dim": 16"#))
        XCTAssertEqual(list.levelAttentionHeads, [2, 4])
        XCTAssertEqual(list.attentionHeads(level: 0), 2)
        XCTAssertEqual(list.attentionHeads(level: 1), 4)
        let sameList = try XCTUnwrap(unet(#""attention_head_dim": [4, 4], "cross_attention_dim": 16"#))
        XCTAssertNil(sameList.levelAttentionHeads)
        XCTAssertEqual(sameList.attentionHeads, 4)
        // num_attention_heads, when set, is the head count; attention_head_dim then is not.
        let named = try XCTUnwrap(unet(#""attention_head_dim": 8, "num_attention_heads": [1, 2], "cross_attention_dim": 16"#))
        XCTAssertEqual(named.levelAttentionHeads, [1, 2])
        let null = try XCTUnwrap(unet(#""attention_head_dim": 2, "num_attention_heads": null, "cross_attention_dim": 16"#))
        XCTAssertEqual(null.attentionHeads, 2)
        XCTAssertEqual(try XCTUnwrap(unet(#""cross_attention_dim": 16"#)).attentionHeads, 8, "diffusers' default")
        assertRefused(#""attention_head_dim": [2, 4, 8], "cross_attention_dim": 16"#, "lists 3 values for 2 blocks")
        assertRefused(#""attention_head_dim": "eight", "cross_attention_dim": 16"#, "neither a number nor a list")
    }

    /// Per-block head counts (diffusers) and a fixed head width (an LDM YAML's num_head_channels)
    /// are both read by `heads(forChannels:)`; the fixed width, when given, sets every level.
    func testPerLevelHeadsAndFixedHeadWidth() throws {
        var list = try XCTUnwrap(unet(#""attention_head_dim": [2, 4], "cross_attention_dim": 16"#))
        XCTAssertEqual(list.heads(forChannels: 32), 2)
        XCTAssertEqual(list.heads(forChannels: 64), 4)
        list.attentionHeadChannels = 8
        XCTAssertEqual(list.heads(forChannels: 32), 4)
        XCTAssertEqual(list.heads(forChannels: 64), 8)
        XCTAssertEqual(list.attentionHeads(level: 0), 4)
        XCTAssertEqual(list.attentionHeads(level: 1), 8)
    }

    func testTransformerDepthCrossAttentionAndLinearProjection() throws {
        let config = try XCTUnwrap(unet(#""transformer_layers_per_block": [1, 3], "cross_attention_dim": [16, 16], "use_linear_projection": true"#))
        XCTAssertEqual(config.levelTransformerDepth, [1, 3])
        XCTAssertEqual(config.transformerDepth(level: 1), 3)
        XCTAssertEqual(config.crossAttentionDim, 16)
        XCTAssertEqual(try XCTUnwrap(unet(#""transformer_layers_per_block": 2, "cross_attention_dim": 16"#)).transformerDepth, 2)
        assertRefused(#""cross_attention_dim": [16, 32]"#, "differs between blocks")
        assertRefused("", "'cross_attention_dim' is missing")
        assertRefused(#""cross_attention_dim": 16, "addition_embed_type": "text_time""#, "'addition_embed_type' is set")
        assertRefused(#""cross_attention_dim": 16, "mid_block_type": "UNetMidBlock2DSimpleCrossAttn""#, "mid block type")
        assertRefused(#""cross_attention_dim": 16, "flip_sin_to_cos": false"#, "flip_sin_to_cos")
    }

    func testSchedulerConfigs() throws {
        let scaled = try XCTUnwrap(DiffusionSchedule.read(at: write("""
            {"_class_name": "EulerDiscreteScheduler", "beta_schedule": "scaled_linear", "beta_start": 0.00085, "beta_end": 0.012,
             "num_train_timesteps": 1000, "prediction_type": "epsilon"}
            """)))
        XCTAssertEqual(scaled.denoiser.sigmas, CompVisDenoiser.sd.sigmas)
        let linear = try XCTUnwrap(DiffusionSchedule.read(at: write(#"{"beta_schedule": "linear", "beta_start": 0.0001, "beta_end": 0.02, "num_train_timesteps": 10}"#)))
        // alphā_t = prod (1 - beta_i), beta linear from 0.0001 to 0.02 over 10 steps.
        var product = 1.0
        let expected = (0..<10).map { i -> Float in
            product *= 1 - (0.0001 + (0.02 - 0.0001) * Double(i) / 9)
            return Float(((1 - product) / product).squareRoot())
        }
        assertClose(linear.denoiser.sigmas, expected, relativeTo: 1e-6, "linear sigmas")
        let cosine = try XCTUnwrap(DiffusionSchedule.read(at: write(#"{"beta_schedule": "squaredcos_cap_v2", "num_train_timesteps": 1000}"#)))
        XCTAssertEqual(cosine.betas.count, 1000)
        XCTAssertEqual(cosine.betas.last!, 0.999, accuracy: 1e-12, "capped as diffusers does")
        XCTAssertTrue(zip(cosine.betas, cosine.betas.dropFirst()).allSatisfy { $0 <= $1 })
        XCTAssertNil(try DiffusionSchedule.read(at: folder.appendingPathComponent("absent.json").path))
    }

    func testTimestepSpacingOtherThanLinspaceIsReportedAsNotUsed() throws {
        let scheduler = folder.appendingPathComponent("scheduler")
        try FileManager.default.createDirectory(at: scheduler, withIntermediateDirectories: true)
        try Data(#"{"_class_name": "DDIMScheduler", "beta_schedule": "scaled_linear", "beta_start": 0.00085, "beta_end": 0.012, "timestep_spacing": "leading", "steps_offset": 1}"#.utf8)
            .write(to: scheduler.appendingPathComponent("scheduler_config.json"))
        let model = try ModelFolder.read(folder.path)
        XCTAssertEqual(model.schedule.timestepSpacing, "leading")
        XCTAssertTrue(model.found.contains("scheduler/scheduler_config.json: DDIMScheduler, scaled_linear betas 0.00085..0.012, 1000 steps, epsilon prediction"), "\(model.found)")
        XCTAssertTrue(model.assumed.contains { $0.contains("evenly spaced timesteps (not the config's 'leading' spacing)") }, "\(model.assumed)")
    }

    func testUnsupportedSchedulesAreRefusedClearly() throws {
        for (json, reason) in [(#"{"prediction_type": "v_prediction"}"#, "v-prediction"),
                               (#"{"prediction_type": "sample"}"#, "prediction type 'sample' is not supported"),
                               (#"{"beta_schedule": "sigmoid"}"#, "beta_schedule 'sigmoid' is not supported"),
                               (#"{"num_train_timesteps": 3, "trained_betas": [0.1, 0.2]}"#, "do not describe a schedule"),
                               (#"{"prediction_type": "epsilon""#, "not readable JSON"), ("[1, 2]", "not a JSON object")] {
            let path = try write(json)
            XCTAssertThrowsError(try DiffusionSchedule.read(at: path)) { error in
                XCTAssertTrue("\(error)".contains(reason), "\(error)")
                XCTAssertTrue("\(error)".hasPrefix(path), "\(error)")
            }
        }
    }
}
