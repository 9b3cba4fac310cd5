import Foundation
import XCTest

/// A checkpoint whose weights hold NaN or infinity is refused when it loads, naming the tensor and
/// the file (issue 11, point 10): exit status 1 and no output, never an all-zero image.
final class NonFiniteWeightsCommandTests: XCTestCase {
    var folder = ""

    override func setUpWithError() throws {
        folder = try CLI.temporaryFolder("non-finite")
    }

    override func tearDown() {
        try? FileManager.default.removeItem(atPath: folder)
    }

    var bundledModels: String { "\(CLI.packageRoot())/Sources/Engine/Resources/models" }

    /// Overwrites element `index` of the F32 or F16 tensor `name` in the safetensors file at `path`
    /// with NaN or an infinity.
    func poison(_ path: String, tensor name: String, index: Int = 0, with value: Float) throws {
        var bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        let headerLength = Int(bytes.prefix(8).enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) })
        let header = try XCTUnwrap(JSONSerialization.jsonObject(with: bytes.subdata(in: 8..<(8 + headerLength))) as? [String: Any])
        let entry = try XCTUnwrap(header[name] as? [String: Any], "\(path) has no tensor \(name)")
        let offsets = try XCTUnwrap(entry["data_offsets"] as? [Int])
        let pattern: [UInt8]
        switch entry["dtype"] as? String {
        case "F32": pattern = withUnsafeBytes(of: value.bitPattern.littleEndian) { Array($0) }
        case "F16":
            let half: UInt16 = value.isNaN ? 0x7E00 : (value > 0 ? 0x7C00 : 0xFC00)
            pattern = [UInt8(half & 0xFF), UInt8(half >> 8)]
        default: throw FixtureDType(name: name)
        }
        let at = 8 + headerLength + offsets[0] + pattern.count * index
        XCTAssertLessThanOrEqual(at + pattern.count, 8 + headerLength + offsets[1])
        bytes.replaceSubrange(at..<(at + pattern.count), with: pattern)
        try bytes.write(to: URL(fileURLWithPath: path))
    }

    struct FixtureDType: Error { let name: String }

    func assertRefused(_ result: CLI.Result, tensor: String, file: String, output: String,
                       line: UInt = #line) {
        XCTAssertEqual(result.status, 1, result.stderr, line: line)
        XCTAssertTrue(result.stderr.contains("'\(tensor)'"), result.stderr, line: line)
        XCTAssertTrue(result.stderr.contains(file), result.stderr, line: line)
        XCTAssertTrue(result.stderr.contains("NaN or infinite"), result.stderr, line: line)
        XCTAssertFalse(FileManager.default.fileExists(atPath: output), "output left behind", line: line)
        let left = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        XCTAssertFalse(left.contains { $0.hasSuffix(".tmp") || $0.hasPrefix(".") }, "temporary file left: \(left)", line: line)
    }

    func testDiffusionModelFolderWithNaNOrInfinityIsRefused() throws {
        for (component, file, tensor, value) in [("unet", "diffusion_pytorch_model.safetensors", "conv_in.weight", Float.nan),
                                                 ("vae", "diffusion_pytorch_model.safetensors", "decoder.conv_out.bias", -Float.infinity)] {
            let model = "\(folder)/model-\(component)"
            try FileManager.default.copyItem(atPath: "\(bundledModels)/gendeg-small", toPath: model)
            let weights = "\(model)/\(component)/\(file)"
            try poison(weights, tensor: tensor, index: 1, with: value)
            let output = "\(folder)/out-\(component).png"
            let result = try CLI.run(["generate", CLI.sample("chelsea.png"), output, "--model", model, "--type", "haze",
                                      "--mu", "0.1", "--sigma", "0.05", "--steps", "1"])
            assertRefused(result, tensor: "\(component).\(tensor)", file: weights, output: output)
        }
    }

    func testRestorerCheckpointWithInfinityIsRefused() throws {
        let checkpoint = "\(folder)/poisoned.safetensors"
        try FileManager.default.copyItem(atPath: "\(bundledModels)/nafnet-small-physical/model.safetensors", toPath: checkpoint)
        try poison(checkpoint, tensor: "ending.weight", index: 2, with: .infinity)
        let output = "\(folder)/restored.png"
        let result = try CLI.run(["restore", CLI.sample("coffee.png"), output, "--checkpoint", checkpoint])
        assertRefused(result, tensor: "ending.weight", file: checkpoint, output: output)
    }

    /// The same file unpoisoned restores: the refusal is about the values, not the copy.
    func testTheUnpoisonedCopyRestores() throws {
        let checkpoint = "\(folder)/clean.safetensors"
        try FileManager.default.copyItem(atPath: "\(bundledModels)/nafnet-small-physical/model.safetensors", toPath: checkpoint)
        let output = "\(folder)/restored.png"
        let result = try CLI.run(["restore", CLI.sample("coffee.png"), output, "--checkpoint", checkpoint])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(FileManager.default.fileExists(atPath: output))
    }
}
