import Foundation
import XCTest
@testable import GenDegEngine

/// Where gendeg follows the reference's run_single.py and GenDS sampling: presets, the output
/// geometry of the reference preset, captions and the mixed-haze prompts.
final class GenDegFidelityTests: XCTestCase {
    func tinyModel() throws -> GenDegModel {
        try GenDegModel.load(path: Bundle.module.resourceURL!.appendingPathComponent("Fixtures/pipeline/tiny-gendeg").path)
    }

    func testReferencePresetIsRunSinglesDefaults() throws {
        let model = try tinyModel()
        let reference = GenDegPreset.reference.settings(for: model)
        XCTAssertEqual(reference, GeneratorSettings(steps: 100, sampler: .eulerAncestral, textGuidance: 7.5, imageGuidance: 1.5, preset: "reference"))
        XCTAssertEqual(GenDegPreset.reference.resolution(for: model), 512)
        XCTAssertTrue(GenDegPreset.reference.squareOutput)
        XCTAssertEqual(GenDegPreset.fast.resolution(for: model), model.resolution)
        XCTAssertFalse(GenDegPreset.fast.squareOutput)
        XCTAssertEqual(GenDegPreset.fast.settings(for: model), DiffusionGenerator(model: model).recommendedSettings)
        XCTAssertTrue(GenDegPreset.reference.summary(for: model).contains("512x512 input, 100 steps euler-a, text 7.5 / image 1.5, output 512x512"))
    }

    /// The reference preset's 512 px is too large for the tiny model's attention here, so the
    /// square-output switch the preset turns on is checked at the tiny model's 32 px.
    func testSquareOutputKeepsTheSampledSquare() throws {
        let pipeline = GenDegPipeline(model: try tinyModel())
        let clean = RGBImage(width: 40, height: 24, pixels: (0..<(3 * 40 * 24)).map { Float($0 % 97) / 97 })
        var parameters = GenDegParameters(type: .haze, mu: 0.1, sigma: 0.05, steps: 1, seed: 3, resolution: 32)
        let fast = try pipeline.generate(clean: clean, parameters: parameters)
        XCTAssertEqual([fast.width, fast.height], [40, 24], "fast: back to the input's size")
        parameters.squareOutput = true
        let square = try pipeline.generate(clean: clean, parameters: parameters)
        XCTAssertEqual([square.width, square.height], [32, 32], "reference geometry: the sampled square")
        let generator = DiffusionGenerator(model: try tinyModel())
        var request = GenerationRequest(clean: clean, type: .haze, targetMu: 0.1, targetSigma: 0.05, seed: 3,
                                        settings: GeneratorSettings(steps: 1, preset: "bogus"))
        request.settings.preset = "bogus"
        XCTAssertThrowsError(try generator.generate(request) { _ in true })
    }

    func testCaptionAndMixedHazeReachThePrompt() throws {
        let generator = DiffusionGenerator(model: try tinyModel(), caption: "a street")
        let clean = RGBImage(width: 32, height: 32, pixels: [Float](repeating: 0.5, count: 3 * 32 * 32))
        var request = GenerationRequest(clean: clean, type: .rain, targetMu: 0.1, targetSigma: 0.05, seed: 1,
                                        settings: GeneratorSettings(steps: 1))
        XCTAssertEqual(try generator.generate(request) { _ in true }.prompt, "a street, in rainy conditions")
        request.caption = "a car"
        request.mixedWithHaze = true
        let mixed = try generator.generate(request) { _ in true }
        XCTAssertEqual(mixed.prompt, "a car, in rainy and hazy conditions")
        request.type = .snow
        XCTAssertEqual(try generator.generate(request) { _ in true }.prompt, "a car, in snowy and hazy conditions")
        XCTAssertTrue(MixedHazeDatasets.applies(type: .rain, dataset: "ORD"))
        XCTAssertTrue(MixedHazeDatasets.applies(type: .snow, dataset: "CSD"))
        XCTAssertFalse(MixedHazeDatasets.applies(type: .rain, dataset: "Rain13K"))
        XCTAssertFalse(MixedHazeDatasets.applies(type: .haze, dataset: "ORD"))
        XCTAssertFalse(MixedHazeDatasets.applies(type: .rain, dataset: nil))
        // Both mixed sets exist in the bundled statistics GenDS sampling draws from.
        let catalog = try IntensityStatsCatalog.bundled()
        XCTAssertTrue(catalog.datasets(for: .rain).contains { $0.name == "ORD" })
        XCTAssertTrue(catalog.datasets(for: .snow).contains { $0.name == "CSD" })
    }

    func write(_ text: String, _ name: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("captions-\(UUID().uuidString)-\(name)").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        addTeardownBlock { try? FileManager.default.removeItem(atPath: path) }
        return path
    }

    func testCaptionTablesInJSONAndCSV() throws {
        let object = try CaptionTable.read(try write(#"{"chelsea.png": "a cat", "sub/rocket.jpg": "a rocket"}"#, "o.json"))
        XCTAssertEqual(object.caption(for: "/x/y/chelsea.png"), "a cat")
        XCTAssertEqual(object.caption(for: "/elsewhere/rocket.jpg"), "a rocket", "matched by file name")
        XCTAssertEqual(object.caption(for: "/x/rocket.png"), "a rocket", "then by name without extension")
        XCTAssertNil(object.caption(for: "/x/coffee.png"))
        let list = try CaptionTable.read(try write(#"[{"image": "a.png", "caption": "one"}, {"file": "b.png", "prompt": "two"}]"#, "l.json"))
        XCTAssertEqual(list.captions, ["a.png": "one", "b.png": "two"])
        let csv = try CaptionTable.read(try write("image,caption\na.png,\"a cat, asleep\"\nb.png, a \"\"quoted\"\" dog\n", "c.csv"))
        XCTAssertEqual(csv.captions, ["a.png": "a cat, asleep", "b.png": #"a ""quoted"" dog"#])
        for (text, reason) in [("a.png,one,two\n", "expected 2 columns"), (#"{"a.png": 3}"#, "not a string"),
                               ("{broken", "not valid JSON"), (#"{"a.png": "x", "d/a.png": "y"}"#, "two different captions"),
                               ("", "no captions")] {
            XCTAssertThrowsError(try CaptionTable.read(try write(text, "bad"))) { error in
                XCTAssertTrue("\(error)".hasPrefix("--captions "), "\(error)")
                XCTAssertTrue("\(error)".contains(reason), "\(text): \(error)")
            }
        }
    }
}
