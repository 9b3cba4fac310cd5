import Foundation

/// k-diffusion's `sample_dpmpp_2m`: DPM-Solver++(2M) in log-sigma time t = -log(sigma), second
/// order from the previous step's estimate; first order on the first step and on the final step
/// to sigma 0.
struct DPMSolverPlusPlus2MSampler: DiffusionSampler {
    private var previousDenoised: Tensor?

    mutating func step<Noise: NoiseSource>(_ x: inout Tensor, denoised: Tensor, index: Int, sigmas: [Float],
                                           noise: inout Noise) {
        let (sigma, next) = (sigmas[index], sigmas[index + 1])
        let previousSigma: Float? = index > 0 ? sigmas[index - 1] : nil
        let previous = next == 0 ? nil : previousDenoised
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
        previousDenoised = denoised
    }
}
