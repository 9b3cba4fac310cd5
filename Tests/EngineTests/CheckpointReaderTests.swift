import Foundation
import XCTest
@testable import GenDegEngine

/// Paths of the committed fixtures written by training/goldens/make_checkpoint_fixtures.py.
enum CheckpointFixtures {
    static func path(_ name: String) -> String {
        Bundle.module.resourceURL!.appendingPathComponent("Fixtures/checkpoint/\(name)").path
    }

    static func data(_ name: String) throws -> Data {
        try Data(contentsOf: URL(fileURLWithPath: path(name)))
    }

    /// A float32 safetensors file, for tests that need names the fixtures do not have.
    static func safetensors(_ tensors: [(String, [Int])], metadata: [String: String] = [:]) -> Data {
        var header: [String] = []
        if !metadata.isEmpty {
            header.append("\"__metadata__\":{" + metadata.map { "\"\($0.key)\":\"\($0.value)\"" }.joined(separator: ",") + "}")
        }
        var payload = Data()
        for (name, shape) in tensors {
            let count = shape.reduce(1, *)
            let start = payload.count
            for index in 0..<count {
                var bits = Float(index % 7).bitPattern.littleEndian
                withUnsafeBytes(of: &bits) { payload.append(contentsOf: $0) }
            }
            header.append("\"\(name)\":{\"dtype\":\"F32\",\"shape\":[\(shape.map(String.init).joined(separator: ","))],\"data_offsets\":[\(start),\(payload.count)]}")
        }
        let json = Data(("{" + header.joined(separator: ",") + "}").utf8)
        var length = UInt64(json.count).littleEndian
        var file = Data()
        withUnsafeBytes(of: &length) { file.append(contentsOf: $0) }
        return file + json + payload
    }
}

final class CheckpointReaderTests: XCTestCase {
    let torchFixtures = ["plain.pth", "wrapped.pth", "params_ema.pth", "model_state_dict.pth", "lightning.ckpt", "legacy.pth"]

    func testSafetensorsHoldsTheExpectedValues() throws {
        let file = try CheckpointFile.open(CheckpointFixtures.path("tensors.safetensors"))
        XCTAssertEqual(file.format, .safetensors)
        XCTAssertEqual(file.metadata["source"], "make_checkpoint_fixtures.py")
        XCTAssertEqual(Set(file.names), ["base", "view", "f16", "bf16", "f64", "i64", "u8", "flag", "scalar", "layer.weight"])

        let base = try file.tensor("base")
        XCTAssertEqual(base.shape, [4, 6])
        XCTAssertEqual(base.data, (0..<24).map { Float($0) * 0.5 - 3 })

        XCTAssertEqual(file.info("f16"), TensorInfo(dtype: .float16, shape: [6]))
        XCTAssertEqual(try file.tensor("f16").data, [0.5, -1.25, 65504, 0x1p-14, 0x1p-24, 0])
        XCTAssertEqual(try file.tensor("f16").data[5].sign, .minus)
        XCTAssertEqual(file.info("bf16"), TensorInfo(dtype: .bfloat16, shape: [2, 2]))
        let bf16 = try file.tensor("bf16").data
        XCTAssertEqual(Array(bf16[0..<3]), [1, -2.5, 3.140625])
        XCTAssertEqual(bf16[3] / 1e30, 1, accuracy: 0.01)
        XCTAssertEqual(try file.tensor("f64").data, [Float(1.0 / 3.0), -2e-3])
        XCTAssertEqual(try file.tensor("i64").data, [-3, 0, 7, 1_099_511_627_776])
        XCTAssertEqual(try file.tensor("u8").data, [0, 1, 255])
        XCTAssertEqual(try file.tensor("flag").data, [1, 0, 1])
        let scalar = try file.tensor("scalar")
        XCTAssertEqual(scalar.shape, [])
        XCTAssertEqual(scalar.data, [2.75])
        let linear = try file.tensor("layer.weight").data
        for (index, value) in linear.enumerated() { XCTAssertEqual(value, -1 + Float(index) * 0.4, accuracy: 1e-6) }
    }

    func testNonContiguousViewIsMaterialized() throws {
        // view = base.t()[1:5, 1:3], so view[i][j] = base[j + 1][i + 1].
        let view = try CheckpointFile.open(CheckpointFixtures.path("plain.pth")).tensor("view")
        XCTAssertEqual(view.shape, [4, 2])
        for i in 0..<4 {
            for j in 0..<2 {
                XCTAssertEqual(view.data[i * 2 + j], Float((j + 1) * 6 + i + 1) * 0.5 - 3)
            }
        }
    }

    func testTorchCheckpointsMatchTheSafetensorsTwin() throws {
        let expected = try CheckpointFile.open(CheckpointFixtures.path("tensors.safetensors"))
        for fixture in torchFixtures {
            let file = try CheckpointFile.open(CheckpointFixtures.path(fixture))
            XCTAssertEqual(file.format, fixture == "legacy.pth" ? .torchLegacy : .torchZip, fixture)
            XCTAssertEqual(Set(file.names), Set(expected.names), fixture)
            for name in expected.names {
                XCTAssertEqual(file.info(name), expected.info(name), "\(fixture): \(name)")
                XCTAssertEqual(try file.tensor(name), try expected.tensor(name), "\(fixture): \(name)")
            }
        }
    }

    func testWrapperKeysAndPlainValuesBecomeMetadata() throws {
        let lightning = try CheckpointFile.open(CheckpointFixtures.path("lightning.ckpt"))
        XCTAssertEqual(lightning.metadata["weights_key"], "state_dict")
        XCTAssertEqual(lightning.metadata["global_step"], "1200")
        XCTAssertEqual(lightning.metadata["epoch"], "3")
        XCTAssertEqual(lightning.metadata["pytorch-lightning_version"], "1.4.2")
        XCTAssertEqual(lightning.metadata["hyper_parameters.lr"], "0.0001")
        XCTAssertEqual(lightning.metadata["hyper_parameters.name"], "tiny")
        XCTAssertEqual(lightning.metadata["hyper_parameters.channels"], "[1, 2, 4]")
        XCTAssertFalse(lightning.names.contains { $0.contains("exp_avg") }, "optimizer state is not weights")

        XCTAssertEqual(try CheckpointFile.open(CheckpointFixtures.path("params_ema.pth")).metadata["weights_key"], "params_ema")
        let wrapped = try CheckpointFile.open(CheckpointFixtures.path("model_state_dict.pth"))
        XCTAssertEqual(wrapped.metadata["weights_key"], "model_state_dict")
        XCTAssertEqual(wrapped.metadata["epoch"], "12")
        XCTAssertNil(try CheckpointFile.open(CheckpointFixtures.path("plain.pth")).metadata["weights_key"])
    }

    func testParsingBytesMatchesTheMappedFile() throws {
        for fixture in ["tensors.safetensors", "lightning.ckpt"] {
            let mapped = try CheckpointFile.open(CheckpointFixtures.path(fixture))
            let parsed = try CheckpointFile.parse(bytes: CheckpointFixtures.data(fixture))
            XCTAssertEqual(mapped.names, parsed.names)
            for name in mapped.names { XCTAssertEqual(try mapped.tensor(name), try parsed.tensor(name)) }
        }
    }

    func testLargeTensorsDecodeInParallelChunks() throws {
        let count = ElementDecoder.chunk * 2 + 12_345
        let file = try CheckpointFile.parse(bytes: CheckpointFixtures.safetensors([("big", [count])]))
        let values = try file.tensor("big").data
        XCTAssertEqual(values.count, count)
        XCTAssertTrue(values.enumerated().allSatisfy { $0.element == Float($0.offset % 7) })
    }

    func testHandWrittenSafetensorsRoundTrip() throws {
        let file = try CheckpointFile.parse(bytes: CheckpointFixtures.safetensors([("a", [2, 3]), ("b", [0]), ("c", [])],
                                                                                 metadata: ["format": "pt"]))
        XCTAssertEqual(file.names, ["a", "b", "c"])
        XCTAssertEqual(try file.tensor("a").data, [0, 1, 2, 3, 4, 5])
        XCTAssertEqual(try file.tensor("b").shape, [0])
        XCTAssertEqual(try file.tensor("c").data, [0])
        XCTAssertEqual(file.metadata, ["format": "pt"])
    }
}
