import Foundation

/// Deterministic random parameters of whatever shape a layer asks for, for benchmarks at
/// full model size without checkpoint files: weights uniform in +-1/sqrt(fan_in) (PyTorch's
/// default scale), 1-D weights (norm scales) 1, biases small.
public struct RandomWeightSource: WeightSource {
    public let seed: UInt64

    public init(seed: UInt64 = 0) {
        self.seed = seed
    }

    /// Without a shape there is nothing to generate.
    public func tensor(_ name: String) throws -> Tensor {
        throw ModelLoadError.missingTensor(name)
    }

    public func tensor(_ name: String, shape: [Int]) throws -> Tensor {
        var t = Tensor(uninitialized: shape)
        let isBias = name.hasSuffix("bias")
        if shape.count == 1 && !isBias {
            t.data.withUnsafeMutableBufferPointer { $0.update(repeating: 1) }
            return t
        }
        let fanIn = shape.count > 1 ? shape.dropFirst().reduce(1, *) : shape[0]
        let bound = isBias ? 0.02 : 1 / Float(max(fanIn, 1)).squareRoot()
        let stream = UInt64(truncatingIfNeeded: name.utf8.reduce(5381) { ($0 &* 33) ^ Int($1) })
        let chunk = 1 << 20
        t.data.withUnsafeMutableBufferPointer { p in
            let chunks = (p.count + chunk - 1) / chunk
            Parallel.forEach(chunks) { c in
                var rng = SeededRandom(seed, stream, UInt64(c))
                for i in (c * chunk)..<min(p.count, (c + 1) * chunk) { p[i] = (2 * rng.uniform() - 1) * bound }
            }
        }
        return t
    }
}
