import Foundation
import XCTest

/// `gendeg inspect` and `gendeg generate` on a diffusers InstructPix2Pix pipeline folder with no
/// gendeg.json and no conditioning/ (Tests/EngineTests/Fixtures/modelfolders/ip2p).
final class ModelFolderCommandTests: XCTestCase {
    static var ip2p: String { "\(CLI.packageRoot())/Tests/EngineTests/Fixtures/modelfolders/ip2p" }
    static var input: String { "\(CLI.packageRoot())/Tests/EngineTests/Fixtures/modelfolders/input.png" }

    func testInspectPrintsWhatWasFoundAndAssumed() throws {
        let result = try CLI.run(["inspect", Self.ip2p])
        XCTAssertEqual(result.status, 0, result.stderr)
        let text = result.stdout
        for wanted in ["format: diffusers-folder", "found:\n", "model_index.json: StableDiffusionInstructPix2PixPipeline",
                       "scheduler/scheduler_config.json: EulerAncestralDiscreteScheduler", "text_encoder naming: transformers 5.x",
                       "vae sharded in 3 files", "assumed:\n", "no conditioning/ folder", "no gendeg.json",
                       "text_encoder.embeddings.token_embedding.weight"] {
            XCTAssertTrue(text.contains(wanted), "missing '\(wanted)' in\n\(text.prefix(3000))")
        }
    }

    func testGenerateLabelsThePlainInstructPix2PixRun() throws {
        let folder = try CLI.temporaryFolder("ip2p-generate")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let output = "\(folder)/out.png"
        let result = try CLI.run(["generate", Self.input, output, "--model", Self.ip2p, "--type", "haze", "--mu", "0.2",
                                  "--sigma", "0.1", "--steps", "1", "--resolution", "32"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stdout.contains("haze no intensity conditioning: mu/sigma ignored"), result.stdout)
        XCTAssertTrue(FileManager.default.fileExists(atPath: output))
    }

    func testSynthManifestLabelsAGenDegFolderWithoutConditioning() throws {
        let folder = try CLI.temporaryFolder("ip2p-synth")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let model = "\(folder)/tiny-ip2p"
        try FileManager.default.copyItem(atPath: "\(CLI.packageRoot())/Tests/EngineTests/Fixtures/pipeline/tiny-gendeg", toPath: model)
        try FileManager.default.removeItem(atPath: "\(model)/conditioning")
        try FileManager.default.createDirectory(atPath: "\(folder)/photos", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: Self.input, toPath: "\(folder)/photos/input.png")
        let result = try CLI.run(["synth", "--images", "\(folder)/photos", "--out", "\(folder)/out", "--generator", "diffusion",
                                  "--model", model, "--types", "haze", "--per-image", "1", "--steps", "1", "--workers", "1"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(try CLI.run(["synth-merge", "\(folder)/out"]).status, 0)
        let lines = try SynthOutput.manifestLines("\(folder)/out/manifest.jsonl")
        XCTAssertEqual(lines.count, 1)
        XCTAssertEqual(lines.first?["generator"] as? String, "tiny-gendeg (InstructPix2Pix, no intensity conditioning: mu/sigma ignored)")
    }

    func testVPredictionFolderIsRefusedClearly() throws {
        let folder = try CLI.temporaryFolder("ip2p-vpred")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let model = "\(folder)/model"
        try FileManager.default.copyItem(atPath: Self.ip2p, toPath: model)
        let config = "\(model)/scheduler/scheduler_config.json"
        var object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: config))) as? [String: Any])
        object["prediction_type"] = "v_prediction"
        try JSONSerialization.data(withJSONObject: object).write(to: URL(fileURLWithPath: config))
        let output = "\(folder)/out.png"
        let result = try CLI.run(["generate", Self.input, output, "--model", model, "--type", "haze", "--mu", "0.2",
                                  "--sigma", "0.1", "--steps", "1", "--resolution", "32"])
        XCTAssertEqual(result.status, 1, result.stderr)
        XCTAssertTrue(result.stderr.contains(config) && result.stderr.contains("v-prediction"), result.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: output))
        // inspect still lists the folder, and says why it cannot run.
        let inspect = try CLI.run(["inspect", model])
        XCTAssertEqual(inspect.status, 0, inspect.stderr)
        XCTAssertTrue(inspect.stdout.contains("folder configuration unusable") && inspect.stdout.contains("v-prediction"), inspect.stdout)
    }
}
