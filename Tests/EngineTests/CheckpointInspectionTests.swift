import Foundation
import XCTest
@testable import GenDegEngine

final class CheckpointInspectionTests: XCTestCase {
    func testTinyGenDegCheckpointIsDetectedWithItsConfig() throws {
        for fixture in ["ldm_tiny.ckpt", "ldm_tiny.safetensors"] {
            let inspection = try ModelInspection.inspect(CheckpointFixtures.path(fixture))
            XCTAssertEqual(inspection.family, .genDeg, fixture)
            XCTAssertEqual(inspection.unet, UNetConfig(inChannels: 8, outChannels: 4, blockOutChannels: [4, 8], layersPerBlock: 1,
                                                       downBlockHasAttention: [true, false], attentionHeads: 1, crossAttentionDim: 8,
                                                       normGroups: 4, transformerDepth: 1), fixture)
            XCTAssertEqual(inspection.vae, VAEConfig(inChannels: 3, outChannels: 3, latentChannels: 4, blockOutChannels: [4, 8], layersPerBlock: 2, normGroups: 4), fixture)
            XCTAssertEqual(inspection.textEncoder, CLIPTextConfig(vocabularySize: 32, hiddenSize: 8, intermediateSize: 32, layers: 2,
                                                                  heads: 1, maxPositions: 77), fixture)
            let text = inspection.render()
            XCTAssertTrue(text.contains("architecture: \(ModelFamily.genDeg.rawValue)"), text)
            XCTAssertTrue(text.contains("gendeg conditioning: stats_proj [77, 129], cc_projection [8, 10]"), text)
            XCTAssertTrue(text.range(of: #"stats_proj\.weight +F16 +\[77, 129\]"#, options: .regularExpression) != nil, text)
        }
        let ckpt = try ModelInspection.inspect(CheckpointFixtures.path("ldm_tiny.ckpt"))
        XCTAssertEqual(ckpt.metadata["global_step"], "1200")
        XCTAssertEqual(ckpt.tensors.count, try CheckpointFile.open(CheckpointFixtures.path("ldm_tiny.safetensors")).names.count)
    }

    func testUNetComponentUsesEMAWeights() throws {
        let file = try CheckpointFile.open(CheckpointFixtures.path("ldm_tiny.ckpt"))
        let ema = try ComponentWeights.resolve(.unet, in: file, useEMA: true)
        let raw = try ComponentWeights.resolve(.unet, in: file, useEMA: false)
        XCTAssertEqual(ema.names, raw.names)
        XCTAssertEqual(try ema.tensor("conv_in.weight"), try file.tensor("model_ema.diffusion_modelinput_blocks00weight"))
        XCTAssertEqual(try raw.tensor("conv_in.weight"), try file.tensor("model.diffusion_model.input_blocks.0.0.weight"))
        XCTAssertNotEqual(try ema.tensor("conv_in.weight"), try raw.tensor("conv_in.weight"))
    }

    func testVAEAttentionConvolutionsBecomeLinearWeights() throws {
        let file = try CheckpointFile.open(CheckpointFixtures.path("ldm_tiny.ckpt"))
        let vae = try ComponentWeights.resolve(.vae, in: file)
        XCTAssertEqual(file.info("first_stage_model.encoder.mid.attn_1.q.weight")?.shape, [8, 8, 1, 1])
        XCTAssertEqual(vae.info("encoder.mid_block.attentions.0.to_q.weight")?.shape, [8, 8])
        let linear = try vae.tensor("decoder.mid_block.attentions.0.to_out.0.weight")
        XCTAssertEqual(linear.shape, [8, 8])
        XCTAssertEqual(linear.data, try file.tensor("first_stage_model.decoder.mid.attn_1.proj_out.weight").data)
        XCTAssertEqual(vae.info("encoder.conv_in.weight")?.shape, [4, 3, 3, 3])
    }

    func testDiffusersFolderGivesTheSameConfig() throws {
        let source = try CheckpointFile.open(CheckpointFixtures.path("ldm_tiny.safetensors"))
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("diffusers-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        for (component, fileName) in [(ModelComponent.unet, "diffusion_pytorch_model.safetensors"),
                                      (.vae, "diffusion_pytorch_model.safetensors"), (.textEncoder, "model.safetensors")] {
            let weights = try ComponentWeights.resolve(component, in: source)
            let directory = folder.appendingPathComponent(component.rawValue)
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            let tensors = weights.names.map { ($0, weights.info($0)!.shape) }
            try CheckpointFixtures.safetensors(tensors).write(to: directory.appendingPathComponent(fileName))
        }
        let inspection = try ModelInspection.inspect(folder.path)
        let original = try ModelInspection.inspect(source)
        XCTAssertEqual(inspection.format, .diffusersFolder)
        XCTAssertEqual(inspection.family, .diffusers)
        XCTAssertEqual(inspection.unet, original.unet)
        XCTAssertEqual(inspection.vae, original.vae)
        XCTAssertEqual(inspection.textEncoder, original.textEncoder)

        // A single diffusers-named component file is recognised too.
        let unetFile = try CheckpointFile.open(folder.appendingPathComponent("unet/diffusion_pytorch_model.safetensors").path)
        XCTAssertEqual(ModelInspection.inspect(unetFile).unet, original.unet)
        XCTAssertEqual(ModelInspection.inspect(unetFile).family, .diffusers)
    }

    func testRestorationNetworksAreDetected() throws {
        var nafnet: [(String, [Int])] = [("intro.weight", [16, 6, 3, 3]), ("ending.weight", [3, 16, 3, 3])]
        for (stage, blocks) in [1, 2].enumerated() {
            for block in 0..<blocks { nafnet.append(("encoders.\(stage).\(block).conv1.weight", [16, 16, 1, 1])) }
        }
        nafnet.append(("middle_blks.0.conv1.weight", [64, 64, 1, 1]))
        nafnet.append(("decoders.0.0.conv1.weight", [32, 32, 1, 1]))
        let nafnetInspection = ModelInspection.inspect(try CheckpointFile.parse(bytes: CheckpointFixtures.safetensors(nafnet)))
        XCTAssertEqual(nafnetInspection.family, .nafnet)
        XCTAssertEqual(nafnetInspection.nafnet, NAFNetConfig(inChannels: 6, outChannels: 3, width: 16, encoderBlocks: [1, 2],
                                                             middleBlocks: 1, decoderBlocks: [1]))

        var restormer: [(String, [Int])] = [("patch_embed.proj.weight", [48, 3, 3, 3]), ("output.weight", [3, 96, 3, 3])]
        for (level, count) in [("encoder_level1", 2), ("encoder_level2", 1), ("encoder_level3", 1), ("latent", 3), ("refinement", 1)] {
            for block in 0..<count { restormer.append(("\(level).\(block).attn.temperature", [level == "latent" ? 8 : 1, 1, 1])) }
        }
        let restormerInspection = ModelInspection.inspect(try CheckpointFile.parse(bytes: CheckpointFixtures.safetensors(restormer)))
        XCTAssertEqual(restormerInspection.family, .restormer)
        XCTAssertEqual(restormerInspection.restormer, RestormerConfig(inChannels: 3, outChannels: 3, dim: 48, blocks: [2, 1, 1, 3],
                                                                      refinementBlocks: 1, heads: [1, 1, 1, 8]))

        let unknown = ModelInspection.inspect(try CheckpointFile.parse(bytes: CheckpointFixtures.safetensors([("w", [2])])))
        XCTAssertEqual(unknown.family, .unknown)
    }
}
