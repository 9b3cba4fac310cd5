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

    /// Inspection uses the restorers' detector: prefixes and wrappers are handled and the
    /// configuration printed is the one the restorer loads with.
    func testRestorationNetworksAreDetectedWithTheRestorersDetector() throws {
        let cases: [(String, ModelFamily, [String])] = [
            ("nafnet_w6_deep", .nafnet, ["architecture: NAFNet", "width 6, encoder blocks [2, 1, 1], middle blocks 2, decoder blocks [1, 1, 2]",
                                         "tlc: NAFNetLocal, train size 256"]),
            ("restormer_d6_biasfree", .restormer, ["architecture: Restormer", "dim 6, blocks [1, 2, 1, 1], refinement blocks 2, heads [1, 2, 3, 4]",
                                                   "layer norm: BiasFree; conv bias: yes"]),
            ("restormer_d4", .restormer, ["layer norm: WithBias; conv bias: no"]),
            ("zerodce_neuro_low_light", .zeroDCE, ["architecture: Zero-DCE++ (neuro-low-light)", "variant neuro-low-light"]),
            ("zerodcepp_official_s4", .zeroDCE, ["architecture: Zero-DCE++", "variant zero-dce++", "1/12 resolution"]),
            ("zerodce_official", .zeroDCE, ["architecture: Zero-DCE", "variant zero-dce (Li-Chongyi/Zero-DCE"]),
        ]
        for (name, family, expected) in cases {
            let path = try LearnedGoldenTests.fixture(name, "pth")
            let inspection = try ModelInspection.inspect(path)
            XCTAssertEqual(inspection.family, family, name)
            XCTAssertEqual(inspection.learned, try LearnedRestorer(checkpoint: path).architecture, name)
            XCTAssertNil(inspection.learnedNote, name)
            let text = inspection.render()
            for line in expected { XCTAssertTrue(text.contains(line), "\(name): missing '\(line)' in\n\(text)") }
        }

        let corrector = try ModelInspection.inspect(try StructureCorrectionTests.fixture("ckpt"))
        XCTAssertEqual(corrector.nafnet?.inChannels, 6)
        XCTAssertTrue(corrector.render().contains("GenDeg's structure corrector"), corrector.render())
        XCTAssertTrue(corrector.learnedNote?.contains("not a restorer") == true, corrector.learnedNote ?? "nil")

        let unknown = ModelInspection.inspect(try CheckpointFile.parse(bytes: CheckpointFixtures.safetensors([("w", [2])])))
        XCTAssertEqual(unknown.family, .unknown)
        XCTAssertNil(unknown.learned)
    }
}
