import XCTest
@testable import GenDegEngine

/// Weight sources, scratch reuse and the OpenBLAS kernel choice.
final class NNRuntimeTests: XCTestCase {
    func testDictionarySourceNamesMissingAndMisshapenTensors() {
        let source = DictionaryWeightSource(["a.weight": Tensor(zeros: [4, 3])])
        XCTAssertThrowsError(try source.tensor("b.weight")) {
            XCTAssertEqual($0 as? ModelLoadError, .missingTensor("b.weight"))
            XCTAssertEqual("\($0)", "missing tensor 'b.weight'")
        }
        XCTAssertThrowsError(try source.tensor("a.weight", shape: [3, 4])) {
            XCTAssertEqual($0 as? ModelLoadError, .shapeMismatch("a.weight", expected: [3, 4], actual: [4, 3]))
        }
        XCTAssertEqual(try source.tensor("a.weight", shape: [4, 3]).shape, [4, 3])
    }

    func testPointwiseConvKernelServesAsLinearWeight() throws {
        let source = DictionaryWeightSource(["proj.weight": Tensor(shape: [2, 2, 1, 1], data: [1, 2, 3, 4])])
        let t = try source.tensor("proj.weight", shape: [2, 2])
        XCTAssertEqual(t.shape, [2, 2])
        XCTAssertEqual(t.data, [1, 2, 3, 4])
    }

    func testRandomWeightsAreDeterministicAndScaled() throws {
        let a = try RandomWeightSource(seed: 7).tensor("conv.weight", shape: [8, 4, 3, 3])
        let b = try RandomWeightSource(seed: 7).tensor("conv.weight", shape: [8, 4, 3, 3])
        let c = try RandomWeightSource(seed: 8).tensor("conv.weight", shape: [8, 4, 3, 3])
        XCTAssertEqual(a, b)
        XCTAssertNotEqual(a, c)
        XCTAssertLessThanOrEqual(a.maxAbs, 1 / Float(36).squareRoot())
        XCTAssertGreaterThan(a.maxAbs, 0.5 / Float(36).squareRoot())
        XCTAssertEqual(try RandomWeightSource().tensor("norm.weight", shape: [5]).data, [1, 1, 1, 1, 1])
        XCTAssertThrowsError(try RandomWeightSource().tensor("conv.weight"))
    }

    func testRandomWeightsDriveAModel() throws {
        // Building from random weights exercises every name and shape the loader asks for.
        let clip = try CLIPTextModel(config: .tiny, weights: RandomWeightSource())
        XCTAssertEqual(try clip.forward(tokens: [0, 5, 9]).shape, [1, 3, 32])
    }

    func testPreferredCoreTypeFollowsCPUFlags() {
        XCTAssertEqual(BLASRuntime.preferredCoreType(cpuFlags: ["sse3", "avx", "avx2", "fma"]), "Haswell")
        XCTAssertEqual(BLASRuntime.preferredCoreType(
            cpuFlags: ["avx2", "fma", "avx512f", "avx512bw", "avx512vl", "avx512dq", "avx512cd"]), "SkylakeX")
        XCTAssertNil(BLASRuntime.preferredCoreType(cpuFlags: ["sse3", "avx"]))
        XCTAssertFalse(BLASRuntime.coreName.isEmpty)
    }

    func testVectorExpMatchesFoundation() {
        let xs: [Float] = [-100, -87, -10.5, -1, -1e-3, 0, 1e-3, 0.5, 1, 10.25, 50, 88, 100]
        for x in xs {
            let v = VectorMath.exp(SIMD8<Float>(repeating: x))[0]
            let reference = Foundation.exp(min(max(x, -87.3), 88.3))
            XCTAssertEqual(v, reference, accuracy: max(reference * 3e-7, 1e-38), "exp(\(x))")
        }
    }

    func testScratchBuffersAreReused() {
        var first: UnsafeMutablePointer<Float>?
        ScratchPool.shared.withBuffer(1000) { first = $0 }
        ScratchPool.shared.withBuffer(500) { XCTAssertEqual($0, first) }
    }
}
