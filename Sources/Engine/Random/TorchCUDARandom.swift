import Foundation

/// Reproduces `torch.manual_seed(seed)` followed by `torch.randn(..., device="cuda")` calls.
///
/// torch fills a CUDA tensor with curand's Philox4x32-10: the thread for element i is initialised
/// with `curand_init(seed, subsequence: i, offset)` and element i takes the first value of its
/// `curand_normal4`, i.e. the sine half of Box-Muller on the first two 32-bit outputs of Philox
/// at counter (n, 0, i) on the generator's n-th call (torch advances its Philox offset by 4
/// outputs, one counter step, per call). That holds while the tensor has no more elements than torch launches
/// threads (256 per block, at most multiProcessorCount x maxThreadsPerMultiProcessor / 256
/// blocks: about 221k threads on an A100, 270k on an H100), far above a 4x64x64 latent. Larger
/// tensors take the other three values of each normal4 in a device-dependent layout.
public struct TorchCUDARandom: NoiseSource, Sendable {
    public let seed: UInt64
    /// Counter steps consumed so far (torch's Philox offset divided by 4).
    public private(set) var offset: UInt64 = 0

    public init(seed: UInt64) {
        self.seed = seed
    }

    public mutating func normal(count: Int) -> [Float] {
        guard count > 0 else { return [] }
        let key = (UInt32(truncatingIfNeeded: seed), UInt32(truncatingIfNeeded: seed >> 32))
        let step = (UInt32(truncatingIfNeeded: offset), UInt32(truncatingIfNeeded: offset >> 32))
        offset &+= 1
        var values = [Float](repeating: 0, count: count)
        values.withUnsafeMutableBufferPointer { out in
            DispatchQueue.concurrentPerform(iterations: (count + 4095) / 4096) { chunk in
                for i in (chunk * 4096)..<min(count, chunk * 4096 + 4096) {
                    let counter = (step.0, step.1, UInt32(truncatingIfNeeded: i), UInt32(truncatingIfNeeded: UInt64(i) >> 32))
                    let bits = Philox4x32.generate(counter: counter, key: key)
                    out[i] = Self.boxMullerSine(bits.0, bits.1)
                }
            }
        }
        return values
    }

    /// curand's `_curand_box_muller`, single precision, first (sine) result.
    private static func boxMullerSine(_ x: UInt32, _ y: UInt32) -> Float {
        let twoPow32Inverse: Float = 2.3283064e-10
        let twoPow32InverseTwoPi: Float = 2.3283064e-10 * 6.2831855
        let u = Float(x) * twoPow32Inverse + twoPow32Inverse / 2
        let v = Float(y) * twoPow32InverseTwoPi + twoPow32InverseTwoPi / 2
        return (-2 * logf(u)).squareRoot() * sinf(v)
    }
}

/// Philox4x32 with 10 rounds (Salmon et al., "Parallel random numbers: as easy as 1, 2, 3", 2011).
enum Philox4x32 {
    private static let multipliers: (UInt32, UInt32) = (0xD251_1F53, 0xCD9E_8D57)
    private static let weyl: (UInt32, UInt32) = (0x9E37_79B9, 0xBB67_AE85)

    static func generate(counter: (UInt32, UInt32, UInt32, UInt32), key: (UInt32, UInt32)) -> (UInt32, UInt32, UInt32, UInt32) {
        var c = counter
        var k = key
        for round in 0..<10 {
            let product0 = UInt64(multipliers.0) * UInt64(c.0)
            let product1 = UInt64(multipliers.1) * UInt64(c.2)
            c = (UInt32(truncatingIfNeeded: product1 >> 32) ^ c.1 ^ k.0, UInt32(truncatingIfNeeded: product1),
                 UInt32(truncatingIfNeeded: product0 >> 32) ^ c.3 ^ k.1, UInt32(truncatingIfNeeded: product0))
            if round < 9 { k = (k.0 &+ weyl.0, k.1 &+ weyl.1) }
        }
        return c
    }
}
