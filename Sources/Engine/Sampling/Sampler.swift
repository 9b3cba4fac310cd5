import Foundation

/// The samplers the pipeline offers.
public enum SamplerKind: String, CaseIterable, Sendable {
    /// k-diffusion's `sample_euler_ancestral` (eta 1): GenDeg's sampler.
    case eulerAncestral = "euler-a"
    /// Deterministic DDIM (eta 0). On the sigma schedule DDIM's update
    /// x' = sqrt(ā') x0 + sqrt(1 - ā') eps, rescaled by 1/sqrt(ā'), is x0 + sigma' eps, which is
    /// exactly the Euler step x + (sigma' - sigma)(x - x0)/sigma: k-diffusion's `sample_euler`.
    case ddim
    /// k-diffusion's `sample_dpmpp_2m` (DPM-Solver++(2M)).
    case dpmpp2m = "dpmpp-2m"

    /// Whether the sampler draws fresh noise at every step.
    public var isStochastic: Bool { self == .eulerAncestral }
}

public enum SamplerError: Error, Equatable, CustomStringConvertible {
    case cancelled
    case invalidSigmas(String)
    case shapeMismatch(expected: [Int], got: [Int])

    public var description: String {
        switch self {
        case .cancelled: return "sampling was cancelled"
        case .invalidSigmas(let why): return "invalid noise schedule: \(why)"
        case .shapeMismatch(let expected, let got): return "the model returned shape \(got) for a latent of shape \(expected)"
        }
    }
}

/// k-diffusion's samplers over a `Denoiser`.
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
        var previousDenoised: Tensor?
        for i in 0..<total {
            let sigma = sigmas[i], next = sigmas[i + 1]
            let denoised = try denoiser(x, sigma)
            guard denoised.shape == x.shape else {
                throw SamplerError.shapeMismatch(expected: x.shape, got: denoised.shape)
            }
            guard onStep(i, total, denoised) else { throw SamplerError.cancelled }
            switch kind {
            case .eulerAncestral:
                let (down, up) = ancestralStep(from: sigma, to: next)
                eulerStep(&x, denoised: denoised, sigma: sigma, to: down)
                if next > 0 {
                    let fresh = noise.normal(count: x.count)
                    x.data.withUnsafeMutableBufferPointer { out in
                        for j in out.indices { out[j] += fresh[j] * up }
                    }
                }
            case .ddim:
                eulerStep(&x, denoised: denoised, sigma: sigma, to: next)
            case .dpmpp2m:
                let previousSigma: Float? = i > 0 ? sigmas[i - 1] : nil
                dpmSolver2MStep(&x, denoised: denoised, previous: next == 0 ? nil : previousDenoised,
                                sigma: sigma, next: next, previousSigma: previousSigma)
                previousDenoised = denoised
            }
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

    /// x += (x - denoised) / sigma * (target - sigma).
    private static func eulerStep(_ x: inout Tensor, denoised: Tensor, sigma: Float, to target: Float) {
        let dt = target - sigma
        x.data.withUnsafeMutableBufferPointer { out in
            denoised.data.withUnsafeBufferPointer { d in
                for j in out.indices { out[j] += (out[j] - d[j]) / sigma * dt }
            }
        }
    }

    /// DPM-Solver++(2M) in log-sigma time t = -log(sigma); first order on the first step and
    /// on the final step to sigma 0.
    private static func dpmSolver2MStep(_ x: inout Tensor, denoised: Tensor, previous: Tensor?,
                                        sigma: Float, next: Float, previousSigma: Float?) {
        let t = -log(sigma), tNext = -log(next)
        let h = tNext - t
        let ratio = next == 0 ? 0 : exp(-tNext) / exp(-t)
        let weight = next == 0 ? -1 : expm1(-h)  // -(1 - e^-h)
        x.data.withUnsafeMutableBufferPointer { out in
            denoised.data.withUnsafeBufferPointer { d in
                if let previous, let previousSigma {
                    let r = (t - -log(previousSigma)) / h
                    let current = 1 + 1 / (2 * r), old = 1 / (2 * r)
                    previous.data.withUnsafeBufferPointer { p in
                        for j in out.indices { out[j] = ratio * out[j] - weight * (current * d[j] - old * p[j]) }
                    }
                } else {
                    for j in out.indices { out[j] = ratio * out[j] - weight * d[j] }
                }
            }
        }
    }
}
