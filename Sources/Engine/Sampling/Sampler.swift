import Foundation

/// Runs k-diffusion's samplers (`SamplerKind`, one `DiffusionSampler` type each) over a `Denoiser`.
public struct Sampler {
    /// Runs `kind` from `x` (already scaled by sigmas[0]) through `sigmas` (decreasing, ending
    /// in 0). Before each update, `onStep(step, total, denoised)` receives the current x0
    /// estimate; returning false cancels with `SamplerError.cancelled`.
    public static func sample<Noise: NoiseSource>(
        kind: SamplerKind,
        denoiser: Denoiser,
        initial x: Tensor,
        sigmas: [Float],
        noise: inout Noise,
        onStep: (_ step: Int, _ total: Int, _ denoised: Tensor) -> Bool
    ) throws -> Tensor {
        try validate(sigmas)
        let total = sigmas.count - 1
        var x = x
        var sampler = kind.makeSampler()
        for i in 0..<total {
            let denoised = try denoiser(x, sigmas[i])
            guard denoised.shape == x.shape else {
                throw SamplerError.shapeMismatch(expected: x.shape, got: denoised.shape)
            }
            guard onStep(i, total, denoised) else { throw SamplerError.cancelled }
            sampler.step(&x, denoised: denoised, index: i, sigmas: sigmas, noise: &noise)
        }
        return x
    }

    /// k-diffusion's `get_ancestral_step` with eta 1: the deterministic target sigma_down and
    /// the fresh-noise scale sigma_up, with sigma_down^2 + sigma_up^2 = to^2.
    public static func ancestralStep(from: Float, to: Float, eta: Float = 1) -> (down: Float, up: Float) {
        guard eta != 0 else { return (to, 0) }
        let up = min(to, eta * (to * to * (from * from - to * to) / (from * from)).squareRoot())
        return ((to * to - up * up).squareRoot(), up)
    }

    private static func validate(_ sigmas: [Float]) throws {
        guard sigmas.count >= 2 else { throw SamplerError.invalidSigmas("need at least two noise levels, got \(sigmas.count)") }
        guard sigmas.allSatisfy({ $0.isFinite && $0 >= 0 }) else { throw SamplerError.invalidSigmas("noise levels must be finite and non-negative") }
        guard zip(sigmas, sigmas.dropFirst()).allSatisfy({ $0 > $1 }) else { throw SamplerError.invalidSigmas("noise levels must decrease") }
    }
}
