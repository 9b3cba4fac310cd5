import Foundation
import GenDegEngine
import XCTest

/// `gendeg synth --generator diffusion` end to end on the engine's tiny random GenDeg (32 px,
/// two steps) and, once, on the bundled GenDeg-small folder.
final class SynthDiffusionTests: XCTestCase {
    var folder = ""

    override func setUpWithError() throws { folder = try CLI.temporaryFolder("synth-diffusion") }
    override func tearDown() { try? FileManager.default.removeItem(atPath: folder) }

    var tinyModel: String { "\(CLI.packageRoot())/Tests/EngineTests/Fixtures/pipeline/tiny-gendeg" }
    var corrector: String { "\(CLI.packageRoot())/Tests/EngineTests/Fixtures/structure/nafnet_combine_w8.ckpt" }

    /// Two small photos of different, non-square sizes (crops of the bundled samples), one in a subfolder.
    func smallPhotos() throws -> (folder: String, sizes: [String: [Int]]) {
        let photos = "\(folder)/photos"
        try FileManager.default.createDirectory(atPath: "\(photos)/nested", withIntermediateDirectories: true)
        let chelsea = try ImageIO.read(CLI.sample("chelsea.png")).resized(width: 40, height: 26)
        let coffee = try ImageIO.read(CLI.sample("coffee.png")).resized(width: 22, height: 36)
        try ImageIO.writePNG(chelsea, to: "\(photos)/chelsea.png")
        try ImageIO.writePNG(coffee, to: "\(photos)/nested/coffee.png")
        return (photos, ["chelsea": [40, 26], "coffee": [22, 36]])
    }

    /// The tiny model with a recommended guidance in its gendeg.json, as GenDeg-small has.
    func tinyModelRecommending(text: Double, image: Double) throws -> String {
        let copy = "\(folder)/tiny-recommending"
        try FileManager.default.copyItem(atPath: tinyModel, toPath: copy)
        let info = "\(copy)/gendeg.json"
        var json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: info))) as? [String: Any])
        json["recommended_guidance"] = ["text": text, "image": image]
        try JSONSerialization.data(withJSONObject: json).write(to: URL(fileURLWithPath: info))
        return copy
    }

    func synth(images: String, out: String, model: String, _ extra: [String] = []) throws -> CLI.Result {
        let result = try CLI.run(["synth", "--images", images, "--out", out, "--generator", "diffusion", "--model", model,
                                  "--types", "haze,rain", "--per-image", "1", "--seed", "8", "--steps", "2", "--workers", "2"] + extra)
        XCTAssertEqual(result.status, 0, "\(extra): \(result.stderr)")
        return result
    }

    func testDiffusionRunRecordsModelAndSettingsKeepsSizesAndShardsAlike() throws {
        let photos = try smallPhotos()
        let model = try tinyModelRecommending(text: 3.0, image: 1.25)
        let whole = "\(folder)/whole", sharded = "\(folder)/sharded"
        try synth(images: photos.folder, out: whole, model: model)
        for i in 0..<2 { try synth(images: photos.folder, out: sharded, model: model, ["--shard", "\(i)/2", "--workers", "1"]) }
        XCTAssertEqual(try CLI.run(["synth-merge", whole]).status, 0)
        XCTAssertEqual(try CLI.run(["synth-merge", sharded]).status, 0)
        XCTAssertEqual(try String(contentsOfFile: "\(whole)/manifest.jsonl", encoding: .utf8),
                       try String(contentsOfFile: "\(sharded)/manifest.jsonl", encoding: .utf8))
        XCTAssertEqual(try SynthOutput.images(in: whole), try SynthOutput.images(in: sharded), "same bytes in any sharding")

        let lines = try SynthOutput.manifestLines("\(whole)/manifest.jsonl")
        XCTAssertEqual(lines.count, 2 * 2 * 1)
        let modelHash = try ModelHash.sha256(ofModelAt: model)
        XCTAssertNotEqual(modelHash, try ModelHash.sha256(ofModelAt: tinyModel), "the edited gendeg.json is part of the model")
        for line in lines {
            XCTAssertEqual(Set(line.keys), SynthOutput.manifestKeys)
            XCTAssertEqual(line["generator"] as? String, "tiny-gendeg")
            XCTAssertEqual(line["model_sha256"] as? String, modelHash)
            XCTAssertEqual(line["steps"] as? Int, 2)
            XCTAssertEqual(line["sampler"] as? String, "euler-a")
            XCTAssertEqual(line["cfg_text"] as? Double, 3.0, "the model's recommended text guidance")
            XCTAssertEqual(line["cfg_image"] as? Double, 1.25, "the model's recommended image guidance")
            XCTAssertEqual(line["run_seed"] as? Int, 8)
            XCTAssertTrue(line["intensity"] is NSNull, "diffusion has no physical slider")
            let input = try ImageIO.read("\(whole)/\(line["input"] as! String)")
            let clean = try ImageIO.read("\(whole)/\(line["target"] as! String)")
            let stem = ((line["source_path"] as! String) as NSString).lastPathComponent.replacingOccurrences(of: ".png", with: "")
            XCTAssertEqual([input.width, input.height], photos.sizes[stem], "\(line["id"]!): degraded image at the clean size")
            XCTAssertEqual([clean.width, clean.height], photos.sizes[stem])
        }
    }

    func testSamplingOptionsOverrideTheRecommendationAndChangeTheImages() throws {
        let photos = try smallPhotos()
        let model = try tinyModelRecommending(text: 3.0, image: 1.25)
        let plain = "\(folder)/plain", tuned = "\(folder)/tuned"
        try synth(images: photos.folder, out: plain, model: model, ["--types", "haze"])
        try synth(images: photos.folder, out: tuned, model: model,
                  ["--types", "haze", "--steps", "3", "--sampler", "ddim", "--cfg-text", "2.5", "--cfg-image", "1.75"])
        let line = try XCTUnwrap(try SynthOutput.manifestLines("\(tuned)/manifest-0-of-1.jsonl").first)
        XCTAssertEqual(line["steps"] as? Int, 3)
        XCTAssertEqual(line["sampler"] as? String, "ddim")
        XCTAssertEqual(line["cfg_text"] as? Double, 2.5)
        XCTAssertEqual(line["cfg_image"] as? Double, 1.75)
        let a = try SynthOutput.images(in: plain).filter { $0.key.contains("/input/") }
        let b = try SynthOutput.images(in: tuned).filter { $0.key.contains("/input/") }
        XCTAssertEqual(Set(a.keys), Set(b.keys))
        for (name, bytes) in a { XCTAssertNotEqual(bytes, b[name], "\(name): the settings reached the sampler") }
    }

    func testStructureCorrectionIsAppliedAndRecorded() throws {
        let photos = try smallPhotos()
        let plain = "\(folder)/plain", corrected = "\(folder)/corrected"
        try synth(images: photos.folder, out: plain, model: tinyModel, ["--types", "haze"])
        try synth(images: photos.folder, out: corrected, model: tinyModel, ["--types", "haze", "--structure-correction", corrector])
        let line = try XCTUnwrap(try SynthOutput.manifestLines("\(corrected)/manifest-0-of-1.jsonl").first)
        XCTAssertEqual(line["generator"] as? String, "tiny-gendeg + structure correction")
        XCTAssertEqual(line["cfg_text"] as? Double, 7.5, "no recommendation in the fixture: GenDeg's 7.5")
        let run = try String(contentsOfFile: "\(corrected)/run.json", encoding: .utf8)
        XCTAssertTrue(run.contains(try ModelHash.sha256(ofModelAt: corrector)), run)
        XCTAssertTrue(run.contains("\"structure_correction_rule\" : \"auto\""), run)
        let a = try SynthOutput.images(in: plain).filter { $0.key.contains("/input/") }
        let b = try SynthOutput.images(in: corrected).filter { $0.key.contains("/input/") }
        XCTAssertEqual(a.count, 2)
        for (name, bytes) in a { XCTAssertNotEqual(bytes, b[name], "\(name): haze is corrected under the auto rule") }
    }

    /// The audit's failing command: GenDeg-small is a folder, and synth used GenDeg's 7.5 for it.
    func testBundledGenDegSmallFolderWorksWithItsRecommendedGuidance() throws {
        let photos = try smallPhotos()
        let model = "\(CLI.packageRoot())/Sources/Engine/Resources/models/gendeg-small"
        let out = "\(folder)/small"
        let result = try CLI.run(["synth", "--images", "\(photos.folder)/nested", "--out", out, "--generator", "diffusion",
                                  "--model", model, "--types", "rain", "--steps", "1", "--workers", "1"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertFalse(result.stderr.contains("Is a directory"), result.stderr)
        let line = try XCTUnwrap(try SynthOutput.manifestLines("\(out)/manifest-0-of-1.jsonl").first)
        XCTAssertEqual(line["generator"] as? String, "GenDeg-small")
        XCTAssertEqual(line["model_sha256"] as? String, try ModelHash.sha256(ofModelAt: model))
        XCTAssertEqual(line["cfg_text"] as? Double, 3.0, "GenDeg-small's gendeg.json recommends 3.0")
        XCTAssertEqual(line["cfg_image"] as? Double, 1.5)
    }
}
