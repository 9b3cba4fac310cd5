import XCTest
@testable import GenDegEngine

final class TorchRandomTests: XCTestCase {
    private struct CPUGoldens: Decodable {
        struct Single: Decodable { let seed: UInt64; let count: Int; let values: [Float] }
        struct Sequence: Decodable { let seed: UInt64; let counts: [Int]; let values: [[Float]] }
        let single: [Single]
        let sequence: Sequence
    }

    private struct CUDAGoldens: Decodable {
        struct Published: Decodable { let seed: UInt64; let values: [Float] }
        struct Sequence: Decodable { let seed: UInt64; let counts: [Int]; let values: [[Float]] }
        struct LargeSeed: Decodable { let seed: UInt64; let values: [Float] }
        let published: Published
        let sequence: Sequence
        let large_seed: LargeSeed
    }

    func testMersenneTwisterMatchesReferenceOutput() {
        // The C++ standard requires the 10000th output of a default-seeded (5489) mt19937 to be 4123659995.
        var engine = MersenneTwister(seed: 5489)
        var value: UInt32 = 0
        for _ in 0..<10000 { value = engine.next() }
        XCTAssertEqual(value, 4_123_659_995)
    }

    func testCPURandnMatchesTorchForEverySizeAndSeed() throws {
        let goldens = try loadFixture(CPUGoldens.self, folder: "rng", name: "torch_cpu_randn")
        XCTAssertEqual(goldens.single.count, 21)
        for golden in goldens.single {
            var random = TorchCPURandom(seed: golden.seed)
            assertClose(random.normal(count: golden.count), golden.values, relativeTo: 2e-6, "seed \(golden.seed) count \(golden.count)")
        }
    }

    func testCPURandnContinuesTheStreamAcrossCalls() throws {
        let sequence = try loadFixture(CPUGoldens.self, folder: "rng", name: "torch_cpu_randn").sequence
        var random = TorchCPURandom(seed: sequence.seed)
        for (call, (count, expected)) in zip(sequence.counts, sequence.values).enumerated() {
            assertClose(random.normal(count: count), expected, relativeTo: 2e-6, "call \(call) of \(count)")
        }
    }

    func testCUDARandnMatchesPublishedTorchOutput() throws {
        let published = try loadFixture(CUDAGoldens.self, folder: "rng", name: "torch_cuda_randn").published
        var random = TorchCUDARandom(seed: published.seed)
        assertClose(random.normal(count: published.values.count), published.values, relativeTo: 2e-6, "seed 0, 3x4")
    }

    func testCUDARandnAdvancesTheOffsetBetweenCalls() throws {
        let goldens = try loadFixture(CUDAGoldens.self, folder: "rng", name: "torch_cuda_randn")
        var random = TorchCUDARandom(seed: goldens.sequence.seed)
        for (call, (count, expected)) in zip(goldens.sequence.counts, goldens.sequence.values).enumerated() {
            assertClose(random.normal(count: count), expected, relativeTo: 2e-6, "call \(call) of \(count)")
        }
        XCTAssertEqual(random.offset, UInt64(goldens.sequence.counts.count))
        var large = TorchCUDARandom(seed: goldens.large_seed.seed)
        assertClose(large.normal(count: goldens.large_seed.values.count), goldens.large_seed.values, relativeTo: 2e-6, "64-bit seed")
    }

    func testNoiseSourceKindsBuildTheirGenerators() {
        XCTAssertEqual(NoiseSourceKind(rawValue: "torch-cpu"), .torchCPU)
        XCTAssertEqual(NoiseSourceKind(rawValue: "torch-cuda"), .torchCUDA)
        var cpu = NoiseSourceKind.torchCPU.make(seed: 3)
        var direct = TorchCPURandom(seed: 3)
        XCTAssertEqual(cpu.normal(count: 20), direct.normal(count: 20))
        XCTAssertTrue(cpu.normal(count: 0).isEmpty)
    }
}
