import Foundation
import XCTest
@testable import GenDegEngine

final class SamplerTests: XCTestCase {
    private struct Goldens: Decodable {
        struct SigmaToT: Decodable { let sigma: [Float]; let t: [Float] }
        struct AncestralStep: Decodable { let from: Float; let to: Float; let down: Float; let up: Float }
        struct Run: Decodable {
            let kind: String; let steps: Int; let seed: UInt64
            let sigmas: [Float]; let initial: [Float]; let denoised: [[Float]]; let final: [Float]
        }
        let sigmas: [Float]
        let get_sigmas: [String: [Float]]
        let sigma_to_t: SigmaToT
        let ancestral_step: [AncestralStep]
        let runs: [Run]
    }

    private func goldens() throws -> Goldens {
        try loadFixture(Goldens.self, folder: "sampler", name: "k_diffusion_goldens")
    }

    /// The golden script's stand-in for the UNet: eps = 0.1 x cos(t / 300) + 0.05 tanh(x).
    private func toyDenoiser() -> Denoiser {
        CompVisDenoiser.sd.wrap { x, t in
            let c = cos(t / 300)
            return Tensor(shape: x.shape, data: x.data.map { 0.1 * $0 * c + 0.05 * tanh($0) })
        }
    }

    func testScheduleMatchesKDiffusion() throws {
        let goldens = try goldens()
        assertClose(CompVisDenoiser.sd.sigmas, goldens.sigmas, relativeTo: 1e-6, "sigmas")
        for (n, expected) in goldens.get_sigmas {
            assertClose(CompVisDenoiser.sd.getSigmas(Int(n)!), expected, relativeTo: 1e-6, "get_sigmas(\(n))")
        }
        let t = goldens.sigma_to_t.sigma.map(CompVisDenoiser.sd.sigmaToT)
        assertClose(t, goldens.sigma_to_t.t, relativeTo: 1e-5, "sigma_to_t")
        for step in goldens.ancestral_step {
            let (down, up) = Sampler.ancestralStep(from: step.from, to: step.to)
            XCTAssertEqual(down, step.down, accuracy: 1e-6 * max(1, step.down))
            XCTAssertEqual(up, step.up, accuracy: 1e-6 * max(1, step.up))
        }
    }

    func testSamplersMatchKDiffusionTrajectories() throws {
        for run in try goldens().runs {
            let kind = try XCTUnwrap(run.kind == "ddim" ? SamplerKind.ddim : SamplerKind(rawValue: run.kind))
            let sigmas = CompVisDenoiser.sd.getSigmas(run.steps)
            assertClose(sigmas, run.sigmas, relativeTo: 1e-6, "\(run.kind) sigmas")
            var noise = TorchCPURandom(seed: run.seed)
            let initial = Tensor(shape: [1, 4, 8, 8], data: noise.normal(count: 256).map { $0 * sigmas[0] })
            assertClose(initial.data, run.initial, relativeTo: 1e-5, "\(run.kind) initial")
            var seen: [[Float]] = []
            let final = try Sampler.sample(kind: kind, denoiser: toyDenoiser(), initial: initial, sigmas: sigmas, noise: &noise) { step, total, denoised in
                XCTAssertEqual(step, seen.count)
                XCTAssertEqual(total, run.steps)
                seen.append(denoised.data)
                return true
            }
            XCTAssertEqual(seen.count, run.denoised.count)
            for (step, (mine, theirs)) in zip(seen, run.denoised).enumerated() {
                assertClose(mine, theirs, relativeTo: 1e-5, "\(run.kind) \(run.steps) steps, denoised at step \(step)")
            }
            XCTAssertEqual(final.shape, [1, 4, 8, 8])
            assertClose(final.data, run.final, relativeTo: 1e-5, "\(run.kind) \(run.steps) steps, final")
        }
    }

    func testCancellationStopsAtTheRequestedStep() {
        var noise = TorchCPURandom(seed: 1)
        let sigmas = CompVisDenoiser.sd.getSigmas(10)
        let x = Tensor(shape: [1, 4, 2, 2], data: noise.normal(count: 16))
        var calls = 0
        XCTAssertThrowsError(try Sampler.sample(kind: .eulerAncestral, denoiser: toyDenoiser(), initial: x, sigmas: sigmas, noise: &noise) { step, _, _ in
            calls += 1
            return step < 2
        }) { XCTAssertEqual($0 as? SamplerError, .cancelled) }
        XCTAssertEqual(calls, 3)
    }

    func testBadInputsThrowTypedErrors() {
        var noise = TorchCPURandom(seed: 1)
        let x = Tensor(zeros: [1, 4, 2, 2])
        for bad: [Float] in [[], [1], [1, 2, 0], [1, .nan, 0], [2, -1]] {
            XCTAssertThrowsError(try Sampler.sample(kind: .ddim, denoiser: toyDenoiser(), initial: x, sigmas: bad, noise: &noise) { _, _, _ in true }) {
                guard case .invalidSigmas = $0 as? SamplerError else { return XCTFail("\(bad): \($0)") }
            }
        }
        let wrongShape: Denoiser = { _, _ in Tensor(zeros: [1, 4, 1, 1]) }
        XCTAssertThrowsError(try Sampler.sample(kind: .dpmpp2m, denoiser: wrongShape, initial: x, sigmas: [1, 0], noise: &noise) { _, _, _ in true }) {
            XCTAssertEqual($0 as? SamplerError, .shapeMismatch(expected: [1, 4, 2, 2], got: [1, 4, 1, 1]))
        }
    }

    func testExistentialNoiseSourceGivesTheSameTrajectory() throws {
        let sigmas = CompVisDenoiser.sd.getSigmas(6)
        var concrete = TorchCUDARandom(seed: 5)
        var existential = NoiseSourceKind.torchCUDA.make(seed: 5)
        let x = Tensor(shape: [1, 4, 4, 4], data: concrete.normal(count: 64).map { $0 * sigmas[0] })
        _ = existential.normal(count: 64)
        let a = try Sampler.sample(kind: .eulerAncestral, denoiser: toyDenoiser(), initial: x, sigmas: sigmas, noise: &concrete) { _, _, _ in true }
        let b = try Sampler.sample(kind: .eulerAncestral, denoiser: toyDenoiser(), initial: x, sigmas: sigmas, noise: &existential) { _, _, _ in true }
        XCTAssertEqual(a, b)
        XCTAssertNotEqual(a, x)
    }

    func testDeterministicSamplersDrawNoNoise() throws {
        for kind in [SamplerKind.ddim, .dpmpp2m] {
            var noise = TorchCPURandom(seed: 9)
            let x = Tensor(shape: [1, 4, 2, 2], data: [Float](repeating: 3, count: 16))
            _ = try Sampler.sample(kind: kind, denoiser: toyDenoiser(), initial: x, sigmas: CompVisDenoiser.sd.getSigmas(5), noise: &noise) { _, _, _ in true }
            var fresh = TorchCPURandom(seed: 9)
            XCTAssertEqual(noise.normal(count: 16), fresh.normal(count: 16), "\(kind) consumed noise")
            XCTAssertFalse(kind.isStochastic)
        }
        XCTAssertEqual(SamplerKind.allCases.map(\.rawValue), ["euler-a", "ddim", "dpmpp-2m"])
    }
}
