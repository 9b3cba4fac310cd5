import Foundation
import XCTest
@testable import GenDegEngine

/// The OmegaConf YAML subset and LDM configs in the layout of GenDeg's configs/generate.yaml.
final class LDMConfigTests: XCTestCase {
    static func fixture(_ name: String) -> String {
        Bundle.module.resourceURL!.appendingPathComponent("Fixtures/ldmconfig/\(name)").path
    }

    func testReaderReadsTheReferenceLayout() throws {
        let root = try YAMLReader.read(Self.fixture("tiny-sd2-heads.yaml"))
        XCTAssertEqual(root["model.base_learning_rate"]?.double, 1e-4)
        XCTAssertEqual(root["model.params.unet_config.params.attention_resolutions"], .list([.scalar("1")]))
        XCTAssertEqual(root["model.params.unet_config.params.channel_mult"]?.ints, [1, 2])
        XCTAssertEqual(root["model.params.unet_config.params.num_head_channels"]?.int, 2)
        XCTAssertEqual(root["model.params.unet_config.params.use_spatial_transformer"]?.bool, true)
        XCTAssertEqual(root["model.params.first_stage_config.params.ddconfig.ch_mult"]?.ints, [1, 2])
        XCTAssertEqual(root["model.params.first_stage_config.params.ddconfig.attn_resolutions"], .list([]))
        XCTAssertEqual(root["model.params.image_size"]?.int, 16, "a trailing comment is not part of the value")
        XCTAssertEqual(root["model.params.cond_stage_config.params.num_heads"]?.int, 2)
        XCTAssertEqual(root["model.params.first_stage_config.params.lossconfig.target"]?.string, "torch.nn.Identity")
    }

    func testReaderScalarsListsAndQuotes() throws {
        let text = """
            a: 'x # not a comment'
            b: [ 1, [2, 3], "q, r" ]
            c:
            - 1
            - 2
            d:
            e: ~
            f: 1.e-6  # PyYAML float
            """
        let v = try YAMLReader.parse(text, path: "t.yaml")
        XCTAssertEqual(v["a"]?.string, "x # not a comment")
        XCTAssertEqual(v["b"], .list([.scalar("1"), .list([.scalar("2"), .scalar("3")]), .scalar("q, r")]))
        XCTAssertEqual(v["c"]?.ints, [1, 2], "a list may sit at its key's indentation")
        XCTAssertEqual(v["d"], .null)
        XCTAssertEqual(v["e"], .null)
        XCTAssertEqual(v["f"]?.double, 1e-6)
    }

    func testReaderRefusesWhatItDoesNotRead() {
        let cases: [(String, Int, String)] = [
            ("a: 1\na: 2", 2, "duplicate key"),
            ("a:\n\t b: 1", 2, "tab"),
            ("a: &x 1", 1, "anchors"),
            ("a:\n  - b: 1", 2, "mappings inside lists"),
            ("a: [1, 2", 1, "unclosed"),
            ("a: 1\n    b: 2", 2, "unexpected indentation"),
            ("just text", 1, "expected 'key: value'"),
        ]
        for (text, line, reason) in cases {
            XCTAssertThrowsError(try YAMLReader.parse(text, path: "bad.yaml"), text) { error in
                let yaml = error as? YAMLError
                XCTAssertEqual(yaml?.line, line, text)
                XCTAssertTrue(yaml?.description.hasPrefix("bad.yaml:\(line): ") ?? false, "\(error)")
                XCTAssertTrue(yaml?.reason.contains(reason) ?? false, "\(text): \(error)")
            }
        }
    }

    func testNestingIsBounded() {
        var text = ""
        for depth in 0...(YAMLReader.maximumDepth + 1) { text += String(repeating: " ", count: depth) + "k\(depth):\n" }
        text += String(repeating: " ", count: YAMLReader.maximumDepth + 2) + "leaf: 1\n"
        XCTAssertThrowsError(try YAMLReader.parse(text, path: "deep.yaml")) { error in
            XCTAssertTrue("\(error)".contains("nested deeper than"), "\(error)")
        }
        XCTAssertThrowsError(try YAMLReader.parse("a: " + String(repeating: "[", count: 200) + String(repeating: "]", count: 200), path: "flow.yaml"))
    }

    func testConfigGivesSD2StyleHeadsAndTheReferenceFields() throws {
        let config = try LDMModelConfig.read(Self.fixture("tiny-sd2-heads.yaml"))
        XCTAssertEqual(config.modelChannels, 4)
        XCTAssertEqual(config.channelMult, [1, 2])
        XCTAssertEqual(config.attentionResolutions, [1])
        XCTAssertNil(config.numHeads, "-1 means unset")
        XCTAssertEqual(config.numHeadChannels, 2)
        XCTAssertEqual(config.vaeChannelMult, [1, 2])
        let sd15 = try LDMModelConfig(yaml: YAMLReader.parse("""
            model:
              params:
                unet_config:
                  params:
                    in_channels: 8
                    model_channels: 320
                    attention_resolutions: [ 4, 2, 1 ]
                    num_res_blocks: 2
                    channel_mult: [ 1, 2, 4, 4 ]
                    num_heads: 8
                    transformer_depth: 1
                    context_dim: 768
            """, path: "sd15.yaml"), path: "sd15.yaml")
        let unet = try sd15.applying(to: UNetConfig.tiny)
        XCTAssertEqual(unet.blockOutChannels, [320, 640, 1280, 1280])
        XCTAssertEqual(unet.downBlockHasAttention, [true, true, true, false])
        XCTAssertEqual(unet.attentionHeads, 8)
        XCTAssertEqual(unet.crossAttentionDim, 768)
        XCTAssertEqual(unet.layersPerBlock, 2)
        XCTAssertThrowsError(try LDMModelConfig(yaml: YAMLReader.parse("data:\n  x: 1", path: "d.yaml"), path: "d.yaml")) {
            XCTAssertTrue("\($0)".contains("no model.params"), "\($0)")
        }
    }

    /// The head count of a bare checkpoint changes what is computed: the same weights with
    /// 2-channel heads (from the YAML) give a different UNet than the assumed defaults.
    func testHeadChannelsFromTheConfigChangeTheBuiltUNet() throws {
        let checkpoint = CheckpointFixtures.path("ldm_tiny.safetensors")
        let assumed = try GenDegModel.load(path: checkpoint)
        let source = try XCTUnwrap(assumed.architectureSource)
        XCTAssertTrue(source.contains("no --config and no ldm_tiny.yaml beside it: assumed 1 attention heads"), source)
        let configured = try GenDegModel.load(path: checkpoint, config: Self.fixture("tiny-sd2-heads.yaml"))
        XCTAssertEqual(configured.architectureSource, "architecture from \(Self.fixture("tiny-sd2-heads.yaml"))")
        XCTAssertEqual(configured.unetConfig.attentionHeadChannels, 2)
        XCTAssertEqual(configured.unet.downLevels[0].attentions[0].blocks[0].attn1.heads, 2)
        XCTAssertEqual(configured.unet.midAttention.blocks[0].attn1.heads, 4)
        XCTAssertEqual(assumed.unet.midAttention.blocks[0].attn1.heads, 1)
        XCTAssertEqual(configured.textConfig.heads, 2)
        XCTAssertEqual(assumed.textConfig.heads, 1, "width 8 / 64 does not divide: one head")
        XCTAssertEqual(configured.resolution, 32, "image_size 16 x the VAE's factor 2")

        var sample = Tensor(shape: [1, 8, 8, 8], data: (0..<512).map { Float(sin(Double($0) * 0.37)) })
        sample.data[0] = 0.5
        let context = Tensor(shape: [1, 77, 8], data: (0..<(77 * 8)).map { Float(cos(Double($0) * 0.11)) })
        let a = try assumed.unet.forward(sample: sample, timestep: 500, context: context)
        let b = try configured.unet.forward(sample: sample, timestep: 500, context: context)
        let difference = zip(a.data, b.data).map { abs($0 - $1) }.max() ?? 0
        XCTAssertGreaterThan(difference, 1e-4, "the heads must change the output")
    }

    func testYAMLBesideTheCheckpointIsPickedUp() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ldmconfig-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let checkpoint = folder.appendingPathComponent("model.safetensors")
        try FileManager.default.copyItem(atPath: CheckpointFixtures.path("ldm_tiny.safetensors"), toPath: checkpoint.path)
        try FileManager.default.copyItem(atPath: Self.fixture("tiny-sd2-heads.yaml"), toPath: folder.appendingPathComponent("model.yaml").path)
        let model = try GenDegModel.load(path: checkpoint.path)
        XCTAssertEqual(model.unetConfig.attentionHeadChannels, 2)
        XCTAssertEqual(model.architectureSource, "architecture from \(folder.appendingPathComponent("model.yaml").path)")
    }
}
