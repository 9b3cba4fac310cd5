import XCTest
@testable import GenDegEngine

/// The released PromptIR checkpoint's layout (names with Lightning's `net.` prefix and shapes of
/// `PromptIR(decoder=True)`, written by training/goldens/make_promptir_goldens.py from the
/// official class, without the 35.6M weights) is detected as the official configuration and
/// loads strictly; wrong or incomplete layouts give errors that say what is wrong.
final class PromptIRDetectionTests: XCTestCase {
    func officialShapes() throws -> [String: [Int]] {
        let path = try LearnedGoldenTests.fixture("promptir_official_shapes", "json")
        let object = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path)))
        return try XCTUnwrap(object as? [String: [Int]])
    }

    /// Weights of the given layout, all zero, with the prefixes stripped as `WeightLoader.open` does.
    func zeroWeights(_ shapes: [String: [Int]]) -> WeightLoader {
        var stripped: [String: [Int]] = [:]
        for (name, short) in WeightLoader.stripPrefixes(Array(shapes.keys)) { stripped[short] = shapes[name] }
        return WeightLoader(source: "official.ckpt", shapes: stripped) { name in Tensor(zeros: stripped[name]!) }
    }

    func testOfficialReleaseIsDetected() throws {
        let shapes = try officialShapes()
        XCTAssertEqual(shapes.count, 548)
        XCTAssertEqual(shapes["net.prompt3.prompt_param"], [1, 5, 320, 16, 16])
        let detected = try LearnedArchitecture.detect(names: Array(shapes.keys), shapes: shapes)
        XCTAssertEqual(detected, .promptIR(.official))
        XCTAssertEqual(detected.name, "promptir")
        XCTAssertEqual(PromptIRConfig.official.backbone, RestormerConfig(dim: 48, blocks: [4, 6, 6, 8], refinementBlocks: 4,
                                                                         heads: [1, 2, 4, 8], ffnExpansionFactor: 2.66))
    }

    func testOfficialReleaseLoadsStrictly() throws {
        XCTAssertNoThrow(try PromptIR(zeroWeights(try officialShapes()), config: .official))
    }

    func testWrongShapeIsReported() throws {
        var shapes = try officialShapes()
        shapes["net.reduce_noise_level2.weight"] = [192, 300, 1, 1]
        XCTAssertThrowsError(try PromptIR(zeroWeights(shapes), config: .official)) {
            XCTAssertEqual($0 as? ModelLoadError, .shapeMismatch("reduce_noise_level2.weight", expected: [192, 320, 1, 1],
                                                                          actual: [192, 300, 1, 1], checkpoint: "official.ckpt"))
        }
    }

    func testMissingNoiseBlockIsReported() throws {
        var shapes = try officialShapes()
        shapes["net.noise_level2.attn.temperature"] = nil
        XCTAssertThrowsError(try LearnedArchitecture.detect(names: Array(shapes.keys), shapes: shapes)) {
            XCTAssertEqual($0 as? ModelLoadError, .missingTensor("noise_level2.attn.temperature", checkpoint: "checkpoint"))
        }
    }

    func testModelWithoutPromptsIsRejected() throws {
        // PromptIR(decoder=False): the official forward feeds the 8d latent to a 4d upsampler and fails.
        let shapes = try officialShapes().filter { name, _ in
            !["net.prompt", "net.noise_level", "net.reduce_noise_level"].contains { name.hasPrefix($0) }
        }
        XCTAssertThrowsError(try LearnedArchitecture.detect(names: Array(shapes.keys), shapes: shapes)) { error in
            guard case .unsupportedConfig(let reason)? = error as? ModelLoadError else { return XCTFail("\(error)") }
            XCTAssertTrue(reason.contains("decoder=False"), reason)
        }
    }
}
