/// The 32-bit Mersenne Twister (MT19937) seeded as torch's `at::mt19937` seeds it: with the low
/// 32 bits of the seed and Knuth's initialization multiplier.
struct MersenneTwister: Sendable {
    private static let n = 624
    private static let m = 397
    private var state: [UInt32]
    private var index: Int

    init(seed: UInt64) {
        var state = [UInt32](repeating: 0, count: Self.n)
        state[0] = UInt32(truncatingIfNeeded: seed)
        for i in 1..<Self.n {
            let previous = state[i - 1]
            state[i] = 1_812_433_253 &* (previous ^ (previous >> 30)) &+ UInt32(i)
        }
        self.state = state
        self.index = Self.n
    }

    mutating func next() -> UInt32 {
        if index >= Self.n { twist() }
        var y = state[index]
        index += 1
        y ^= y >> 11
        y ^= (y << 7) & 0x9D2C_5680
        y ^= (y << 15) & 0xEFC6_0000
        y ^= y >> 18
        return y
    }

    private mutating func twist() {
        state.withUnsafeMutableBufferPointer { mt in
            for i in 0..<Self.n {
                let y = (mt[i] & 0x8000_0000) | (mt[(i + 1) % Self.n] & 0x7FFF_FFFF)
                var next = mt[(i + Self.m) % Self.n] ^ (y >> 1)
                if y & 1 != 0 { next ^= 0x9908_B0DF }
                mt[i] = next
            }
        }
        index = 0
    }
}
