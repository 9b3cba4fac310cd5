import Foundation
import XCTest
@testable import GenDegEngine

/// Builds pickle byte streams opcode by opcode.
struct PickleBuilder {
    var bytes: [UInt8] = []

    mutating func op(_ code: UInt8, _ payload: [UInt8] = []) { bytes += [code] + payload }
    mutating func string(_ text: String) {
        let utf8 = Array(text.utf8)
        op(0x8C, [UInt8(utf8.count)] + utf8)
    }
    mutating func global(_ module: String, _ name: String) { op(0x63, Array("\(module)\n\(name)\n".utf8)) }
    var data: Data { Data(bytes) }
}

final class CheckpointPickleTests: XCTestCase {
    func refusal(_ pickle: PickleBuilder) -> CheckpointError? {
        do {
            _ = try SafePickle.load(bytes: pickle.data)
            return nil
        } catch {
            return error as? CheckpointError
        }
    }

    func testForbiddenGlobalsAreRefusedByName() {
        for (module, name) in [("os", "system"), ("posix", "system"), ("builtins", "eval"), ("builtins", "exec"),
                               ("subprocess", "Popen"), ("builtins", "getattr"), ("torch", "load"), ("numpy", "load")] {
            var global = PickleBuilder()
            global.op(0x80, [2])
            global.global(module, name)
            global.string("echo pwned")
            global.op(0x85)
            global.op(0x52)
            global.op(0x2E)
            XCTAssertEqual(refusal(global), .forbiddenGlobal(module: module, name: name))

            var stacked = PickleBuilder()
            stacked.op(0x80, [4])
            stacked.op(0x95, [30, 0, 0, 0, 0, 0, 0, 0])
            stacked.string(module)
            stacked.string(name)
            stacked.op(0x93)
            stacked.op(0x29)
            stacked.op(0x52)
            stacked.op(0x2E)
            XCTAssertEqual(refusal(stacked), .forbiddenGlobal(module: module, name: name))

            var inst = PickleBuilder()
            inst.op(0x28)
            inst.op(0x69, Array("\(module)\n\(name)\n".utf8))
            inst.op(0x2E)
            XCTAssertEqual(refusal(inst), .forbiddenGlobal(module: module, name: name))
        }
    }

    func testAllowListedReferencesCannotBeCalled() {
        var lightning = PickleBuilder()
        lightning.global("pytorch_lightning.callbacks.model_checkpoint", "ModelCheckpoint")
        lightning.op(0x29)
        lightning.op(0x81)
        lightning.op(0x2E)
        XCTAssertEqual(refusal(lightning), .forbiddenCall(module: "pytorch_lightning.callbacks.model_checkpoint", name: "ModelCheckpoint"))

        var dtype = PickleBuilder()
        dtype.global("torch", "float16")
        dtype.op(0x29)
        dtype.op(0x52)
        dtype.op(0x2E)
        XCTAssertEqual(refusal(dtype), .forbiddenCall(module: "torch", name: "float16"))
    }

    func testLightningCallbackClassAsDictKeyIsAccepted() throws {
        var pickle = PickleBuilder()
        pickle.op(0x80, [2])
        pickle.op(0x7D)
        pickle.string("callbacks")
        pickle.op(0x7D)
        pickle.global("pytorch_lightning.callbacks.model_checkpoint", "ModelCheckpoint")
        pickle.op(0x7D)
        pickle.op(0x73)
        pickle.op(0x73)
        pickle.op(0x2E)
        let graph = try SafePickle.load(bytes: pickle.data)
        let state = try TorchStateDict(graph: graph)
        XCTAssertTrue(state.entries.isEmpty)
        XCTAssertEqual(state.metadata["callbacks.pytorch_lightning.callbacks.model_checkpoint.ModelCheckpoint"], "{}")
    }

    func testBuildIsOnlyAllowedOnTensorsAndDicts() {
        var pickle = PickleBuilder()
        pickle.op(0x5D)
        pickle.op(0x7D)
        pickle.op(0x62)
        pickle.op(0x2E)
        guard case .pickle? = refusal(pickle) else { return XCTFail("BUILD on a list must fail") }
    }

    func testProtocolFourScalarsAndMemo() throws {
        var pickle = PickleBuilder()
        pickle.op(0x80, [4])
        pickle.op(0x95, [0, 0, 0, 0, 0, 0, 0, 0])
        pickle.op(0x7D); pickle.op(0x94)
        pickle.op(0x28)
        pickle.string("negative"); pickle.op(0x8A, [1, 0xFF])
        pickle.string("wide"); pickle.op(0x8A, [9, 1, 0, 0, 0, 0, 0, 0, 0, 0])
        pickle.string("huge"); pickle.op(0x8A, [9, 0, 0, 0, 0, 0, 0, 0, 0, 1])
        pickle.string("int"); pickle.op(0x4A, [0xFE, 0xFF, 0xFF, 0xFF])
        pickle.string("short"); pickle.op(0x4D, [0x34, 0x12])
        pickle.string("float"); pickle.op(0x47, [0x3F, 0xF8, 0, 0, 0, 0, 0, 0])
        pickle.string("bytes"); pickle.op(0x43, [2, 0xAB, 0xCD])
        pickle.string("text"); pickle.op(0x58, [2, 0, 0, 0] + Array("hi".utf8)); pickle.op(0x94)
        pickle.string("again"); pickle.op(0x68, [1])
        pickle.string("flags"); pickle.op(0x88); pickle.op(0x89); pickle.op(0x4E); pickle.op(0x87)
        pickle.op(0x75)
        pickle.op(0x2E)
        let graph = try SafePickle.load(bytes: pickle.data)
        guard case let .dict(id) = graph.root else { return XCTFail("root is not a dict") }
        let dict = graph.dicts[id]
        XCTAssertEqual(dict.value(forKey: "negative"), .int(-1))
        XCTAssertEqual(dict.value(forKey: "wide"), .int(1))
        XCTAssertEqual(dict.value(forKey: "huge"), .bigInt([0, 0, 0, 0, 0, 0, 0, 0, 1]))
        XCTAssertEqual(dict.value(forKey: "int"), .int(-2))
        XCTAssertEqual(dict.value(forKey: "short"), .int(0x1234))
        XCTAssertEqual(dict.value(forKey: "float"), .float(1.5))
        XCTAssertEqual(dict.value(forKey: "bytes"), .bytes([0xAB, 0xCD]))
        XCTAssertEqual(dict.value(forKey: "text"), .string("hi"))
        XCTAssertEqual(dict.value(forKey: "again"), .string("hi"))
        guard case let .tuple(flags)? = dict.value(forKey: "flags") else { return XCTFail("flags") }
        XCTAssertEqual(graph.tuples[flags], [.bool(true), .bool(false), .none])
    }

    func testMalformedStreamsThrow() {
        let streams: [[UInt8]] = [
            [], [0x2E], [0x80], [0x4A, 1, 2], [0x68, 5, 0x2E], [0x28, 0x61, 0x2E], [0x29, 0x73, 0x2E],
            [0x58, 0xFF, 0xFF, 0xFF, 0x7F], [0x8D, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF], [0xFF],
            [0x29, 0x51, 0x2E], [0x63, 0x6F, 0x73],
        ]
        for stream in streams {
            XCTAssertThrowsError(try SafePickle.load(bytes: Data(stream)), "\(stream)")
        }
    }

    func testSelfReferencesAndDeepNestingDoNotRecurseForever() throws {
        // A dict that contains itself.
        var cyclic = PickleBuilder()
        cyclic.op(0x7D); cyclic.op(0x71, [0])
        cyclic.string("self"); cyclic.op(0x68, [0]); cyclic.op(0x73)
        cyclic.op(0x2E)
        let cyclicState = try TorchStateDict(graph: SafePickle.load(bytes: cyclic.data))
        XCTAssertTrue(cyclicState.entries.isEmpty)

        // Ten thousand nested dicts.
        var deep = PickleBuilder()
        let depth = 10_000
        for _ in 0..<depth { deep.op(0x7D); deep.string("k") }
        deep.op(0x7D)
        for _ in 0..<depth { deep.op(0x73) }
        deep.op(0x2E)
        let deepState = try TorchStateDict(graph: SafePickle.load(bytes: deep.data))
        XCTAssertTrue(deepState.entries.isEmpty)
    }

    /// Pushes _rebuild_tensor_v2's arguments for a 2x2 float32 view of storage "0".
    func pushTensorArguments(_ pickle: inout PickleBuilder) {
        pickle.op(0x28)
        pickle.op(0x28)
        pickle.string("storage"); pickle.global("torch", "FloatStorage"); pickle.string("0"); pickle.string("cpu")
        pickle.op(0x4B, [4])
        pickle.op(0x74)
        pickle.op(0x51)
        pickle.op(0x4B, [0])
        pickle.op(0x4B, [2]); pickle.op(0x4B, [2]); pickle.op(0x86)
        pickle.op(0x4B, [1]); pickle.op(0x4B, [2]); pickle.op(0x86)
        pickle.op(0x89)
        pickle.global("collections", "OrderedDict"); pickle.op(0x29); pickle.op(0x52)
        pickle.op(0x74)
    }

    func testParameterAndSubclassRebuildPaths() throws {
        var pickle = PickleBuilder()
        pickle.op(0x80, [2])
        pickle.op(0x7D)
        // "wrapped": _rebuild_from_type_v2(_rebuild_tensor_v2, Parameter, args, {})
        pickle.string("wrapped")
        pickle.global("torch._tensor", "_rebuild_from_type_v2")
        pickle.op(0x28)
        pickle.global("torch._utils", "_rebuild_tensor_v2")
        pickle.global("torch.nn.parameter", "Parameter")
        pushTensorArguments(&pickle)
        pickle.op(0x7D)
        pickle.op(0x74)
        pickle.op(0x52)
        pickle.op(0x73)
        // "parameter": Parameter.__new__(Parameter, tensor, True) followed by BUILD with state.
        pickle.string("parameter")
        pickle.global("torch.nn.parameter", "Parameter")
        pickle.global("torch._utils", "_rebuild_tensor_v2")
        pushTensorArguments(&pickle)
        pickle.op(0x52)
        pickle.op(0x88)
        pickle.op(0x86)
        pickle.op(0x81)
        pickle.op(0x7D)
        pickle.op(0x62)
        pickle.op(0x73)
        // "with_state": _rebuild_parameter_with_state(tensor, True, OrderedDict(), {})
        pickle.string("with_state")
        pickle.global("torch._utils", "_rebuild_parameter_with_state")
        pickle.op(0x28)
        pickle.global("torch._utils", "_rebuild_tensor_v2")
        pushTensorArguments(&pickle)
        pickle.op(0x52)
        pickle.op(0x88)
        pickle.global("collections", "OrderedDict"); pickle.op(0x29); pickle.op(0x52)
        pickle.op(0x7D)
        pickle.op(0x74)
        pickle.op(0x52)
        pickle.op(0x73)
        pickle.op(0x2E)

        let state = try TorchStateDict(graph: SafePickle.load(bytes: pickle.data))
        XCTAssertEqual(state.entries.map(\.name), ["wrapped", "parameter", "with_state"])
        for entry in state.entries {
            XCTAssertEqual(entry.tensor, PickleTensor(storage: entry.tensor.storage, storageOffset: 0, shape: [2, 2], strides: [1, 2]))
            XCTAssertEqual(entry.storage, PickleStorage(dtype: .float32, key: "0", location: "cpu", elementCount: 4))
        }
    }

    func testTorchPickleDescribesTensors() throws {
        let data = try CheckpointFixtures.data("plain.pth")
        let archive = try data.withUnsafeBytes { try ZipArchive(bytes: $0) }
        guard let entry = archive.entries.first(where: { $0.name.hasSuffix("/data.pkl") }) else { return XCTFail("no data.pkl") }
        let graph = try SafePickle.load(bytes: data.subdata(in: entry.dataOffset..<(entry.dataOffset + entry.size)))
        let state = try TorchStateDict(graph: graph)
        let view = try XCTUnwrap(state.entries.first { $0.name == "view" })
        XCTAssertEqual(view.tensor.shape, [4, 2])
        XCTAssertEqual(view.tensor.strides, [1, 6])
        XCTAssertEqual(view.tensor.storageOffset, 7)
        XCTAssertEqual(view.storage.dtype, .float32)
        XCTAssertEqual(view.storage.elementCount, 24)
        XCTAssertEqual(state.entries.first { $0.name == "f16" }?.storage.dtype, .float16)
        XCTAssertEqual(state.entries.first { $0.name == "bf16" }?.storage.dtype, .bfloat16)
    }
}
