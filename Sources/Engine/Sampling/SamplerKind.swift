/// The samplers the pipeline offers, by the names the command line and the explorer use.
public enum SamplerKind: String, CaseIterable, Codable, Sendable {
    /// k-diffusion's `sample_euler_ancestral` (eta 1): GenDeg's sampler.
    case eulerAncestral = "euler-a"
    /// Deterministic DDIM (eta 0), which on the sigma schedule is k-diffusion's `sample_euler`.
    case ddim
    /// k-diffusion's `sample_dpmpp_2m` (DPM-Solver++(2M)).
    case dpmpp2m = "dpmpp-2m"

    /// Whether the sampler draws fresh noise at every step.
    public var isStochastic: Bool { self == .eulerAncestral }

    /// A fresh sampler of this kind (samplers that remember earlier steps start empty).
    func makeSampler() -> any DiffusionSampler {
        switch self {
        case .eulerAncestral: return EulerAncestralSampler()
        case .ddim: return DDIMSampler()
        case .dpmpp2m: return DPMSolverPlusPlus2MSampler()
        }
    }
}
