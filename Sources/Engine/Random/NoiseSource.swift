/// A stream of standard normal samples. Successive calls continue the stream, as successive
/// `torch.randn` calls on one generator do.
public protocol NoiseSource {
    mutating func normal(count: Int) -> [Float]
}

/// The generator behind `--rng`: which framework's noise a seed reproduces.
public enum NoiseSourceKind: String, CaseIterable, Sendable {
    /// `torch.manual_seed(seed); torch.randn(...)` on the CPU.
    case torchCPU = "torch-cpu"
    /// `torch.manual_seed(seed); torch.randn(..., device="cuda")`, what GenDeg used on its GPUs.
    case torchCUDA = "torch-cuda"

    public func make(seed: UInt64) -> any NoiseSource {
        switch self {
        case .torchCPU: return TorchCPURandom(seed: seed)
        case .torchCUDA: return TorchCUDARandom(seed: seed)
        }
    }
}
