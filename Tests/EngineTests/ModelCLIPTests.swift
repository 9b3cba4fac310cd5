import XCTest
@testable import GenDegEngine

/// CLIP text encoder parity with transformers' CLIPTextModel on a tiny random configuration.
final class ModelCLIPTests: XCTestCase {
    func testTextEncoderMatchesTransformers() throws {
        let t = try TestSafetensors.fixture("clip")
        let model = try CLIPTextModel(config: .tiny, weights: DictionaryWeightSource(t))
        let tokens = t["io.tokens"]!.data.map { Int32($0) }
        assertClose(try model.forward(tokens: tokens), t["io.output"]!, "CLIP last_hidden_state")
    }

    func testCausalMaskIgnoresLaterTokens() throws {
        let t = try TestSafetensors.fixture("clip")
        let model = try CLIPTextModel(config: .tiny, weights: DictionaryWeightSource(t))
        var tokens = t["io.tokens"]!.data.map { Int32($0) }
        let before = try model.forward(tokens: tokens)
        tokens[76] = (tokens[76] + 1) % 1000
        let after = try model.forward(tokens: tokens)
        XCTAssertEqual(Array(before.data[0..<(76 * 32)]), Array(after.data[0..<(76 * 32)]))
        XCTAssertNotEqual(Array(before.data[(76 * 32)...]), Array(after.data[(76 * 32)...]))
    }

    func testRejectsBadTokens() throws {
        let t = try TestSafetensors.fixture("clip")
        let model = try CLIPTextModel(config: .tiny, weights: DictionaryWeightSource(t))
        XCTAssertThrowsError(try model.forward(tokens: [1, 1000]))
        XCTAssertThrowsError(try model.forward(tokens: [Int32](repeating: 1, count: 78)))
        XCTAssertThrowsError(try model.forward(tokens: []))
    }
}
