/// One sampler: how the latent moves from one noise level to the next, given the model's
/// estimate of the clean latent. `Sampler.sample` runs the denoiser and calls `step` once per
/// level; a sampler that needs earlier estimates (multistep solvers) keeps them itself.
protocol DiffusionSampler {
    /// Moves `x` from `sigmas[index]` to `sigmas[index + 1]`; `denoised` is the x0 estimate at
    /// `sigmas[index]`.
    mutating func step<Noise: NoiseSource>(_ x: inout Tensor, denoised: Tensor, index: Int, sigmas: [Float],
                                           noise: inout Noise)
}

extension DiffusionSampler {
    /// x += (x - denoised) / sigma * (target - sigma): the Euler step of the probability-flow ODE.
    static func eulerStep(_ x: inout Tensor, denoised: Tensor, sigma: Float, to target: Float) {
        let dt = target - sigma
        x.data.withUnsafeMutableBufferPointer { out in
            denoised.data.withUnsafeBufferPointer { d in
                for j in out.indices { out[j] += (out[j] - d[j]) / sigma * dt }
            }
        }
    }
}
