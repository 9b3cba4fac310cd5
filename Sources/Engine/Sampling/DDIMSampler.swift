/// Deterministic DDIM (eta 0). On the sigma schedule DDIM's update
/// x' = sqrt(ā') x0 + sqrt(1 - ā') eps, rescaled by 1/sqrt(ā'), is x0 + sigma' eps, which is
/// exactly the Euler step x + (sigma' - sigma)(x - x0)/sigma: k-diffusion's `sample_euler`.
struct DDIMSampler: DiffusionSampler {
    mutating func step<Noise: NoiseSource>(_ x: inout Tensor, denoised: Tensor, index: Int, sigmas: [Float],
                                           noise: inout Noise) {
        Self.eulerStep(&x, denoised: denoised, sigma: sigmas[index], to: sigmas[index + 1])
    }
}
