/// k-diffusion's `sample_euler_ancestral` with eta 1: an Euler step down to sigma_down, then
/// fresh noise of scale sigma_up (none on the last step to sigma 0).
struct EulerAncestralSampler: DiffusionSampler {
    mutating func step<Noise: NoiseSource>(_ x: inout Tensor, denoised: Tensor, index: Int, sigmas: [Float],
                                           noise: inout Noise) {
        let (sigma, next) = (sigmas[index], sigmas[index + 1])
        let (down, up) = Sampler.ancestralStep(from: sigma, to: next)
        Self.eulerStep(&x, denoised: denoised, sigma: sigma, to: down)
        guard next > 0 else { return }
        let fresh = noise.normal(count: x.count)
        x.data.withUnsafeMutableBufferPointer { out in
            for j in out.indices { out[j] += fresh[j] * up }
        }
    }
}
