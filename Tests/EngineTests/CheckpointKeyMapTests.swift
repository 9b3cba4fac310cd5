import Foundation
import XCTest
@testable import GenDegEngine

/// The name maps must equal what diffusers' own converters produce (fixture written by
/// training/goldens/make_checkpoint_fixtures.py with diffusers' single_file_utils).
final class CheckpointKeyMapTests: XCTestCase {
    struct Fixture {
        let names: [String]
        let layersPerBlock: Int
        let maps: [String: [String: String]]
    }

    func loadFixture() throws -> Fixture {
        let json = try JSONValue.parse([UInt8](CheckpointFixtures.data("keymap_sd15.json")))
        guard case let .array(items)? = json["ldm_names"], case let .int(layers)? = json["layers_per_block"] else {
            throw CheckpointError.malformed(what: "keymap fixture", reason: "missing fields")
        }
        let names = items.compactMap { item -> String? in if case let .string(text) = item { return text } else { return nil } }
        var maps: [String: [String: String]] = [:]
        for key in ["unet", "unet_ema", "vae", "text_encoder"] {
            guard case let .object(members)? = json[key] else { continue }
            maps[key] = Dictionary(uniqueKeysWithValues: members.compactMap { name, value in
                if case let .string(source) = value { return (name, source) } else { return nil }
            })
        }
        return Fixture(names: names, layersPerBlock: layers, maps: maps)
    }

    func assertSameMap(_ actual: [String: String], _ expected: [String: String]?, _ label: String) {
        guard let expected else { return XCTFail("fixture lacks \(label)") }
        XCTAssertEqual(actual.count, expected.count, label)
        for (name, source) in expected where actual[name] != source {
            XCTFail("\(label): \(name) -> \(actual[name] ?? "nothing"), diffusers says \(source)")
        }
        for name in actual.keys where expected[name] == nil { XCTFail("\(label): extra \(name)") }
    }

    func testUNetMapMatchesDiffusers() throws {
        let fixture = try loadFixture()
        assertSameMap(LDMKeyMap.unet(fixture.names, layersPerBlock: fixture.layersPerBlock, useEMA: false), fixture.maps["unet"], "unet")
        assertSameMap(LDMKeyMap.unet(fixture.names, useEMA: false), fixture.maps["unet"], "unet (inferred layers)")
        assertSameMap(LDMKeyMap.unet(fixture.names, useEMA: true), fixture.maps["unet_ema"], "unet ema")
    }

    func testVAEAndTextEncoderMapsMatchDiffusers() throws {
        let fixture = try loadFixture()
        assertSameMap(LDMKeyMap.vae(fixture.names, blockCount: 4), fixture.maps["vae"], "vae")
        assertSameMap(LDMKeyMap.vae(fixture.names), fixture.maps["vae"], "vae (inferred levels)")
        assertSameMap(LDMKeyMap.textEncoder(fixture.names), fixture.maps["text_encoder"], "text encoder")
    }

    func testCombinedMapPrefixesComponentsAndKeepsGenDegProjections() throws {
        let fixture = try loadFixture()
        let map = LDMKeyMap.diffusersNames(for: fixture.names, useEMA: true)
        XCTAssertEqual(map["unet.down_blocks.0.attentions.0.transformer_blocks.0.attn1.to_q.weight"],
                       "model_ema.diffusion_modelinput_blocks11transformer_blocks0attn1to_qweight")
        XCTAssertEqual(LDMKeyMap.diffusersNames(for: fixture.names, useEMA: false)["unet.down_blocks.0.attentions.0.transformer_blocks.0.attn1.to_q.weight"],
                       "model.diffusion_model.input_blocks.1.1.transformer_blocks.0.attn1.to_q.weight")
        XCTAssertEqual(map["vae.encoder.mid_block.attentions.0.to_q.weight"], "first_stage_model.encoder.mid.attn_1.q.weight")
        XCTAssertEqual(map["text_encoder.text_model.final_layer_norm.weight"],
                       "cond_stage_model.transformer.text_model.final_layer_norm.weight")
        for name in ["stats_proj.weight", "stats_proj.bias", "cc_projection.weight", "cc_projection.bias"] {
            XCTAssertEqual(map[name], name)
        }
        XCTAssertEqual(map.count, fixture.maps.values.reduce(4) { $0 + $1.count } - fixture.maps["unet"]!.count)
    }

    func testEMANameFollowsLitEma() {
        XCTAssertEqual(LDMKeyMap.emaName(for: "model.diffusion_model.input_blocks.0.0.weight"),
                       "model_ema.diffusion_modelinput_blocks00weight")
    }

    func testLayersPerBlockIsInferred() throws {
        let fixture = try loadFixture()
        let unetNames = fixture.names.filter { $0.hasPrefix(LDMKeyMap.unetPrefix) }
            .map { String($0.dropFirst(LDMKeyMap.unetPrefix.count)) }
        XCTAssertEqual(LDMKeyMap.inferLayersPerBlock(unetNames: unetNames), 2)
        let tiny = try CheckpointFile.open(CheckpointFixtures.path("ldm_tiny.ckpt")).names
            .filter { $0.hasPrefix(LDMKeyMap.unetPrefix) }.map { String($0.dropFirst(LDMKeyMap.unetPrefix.count)) }
        XCTAssertEqual(LDMKeyMap.inferLayersPerBlock(unetNames: tiny), 1)
    }
}
