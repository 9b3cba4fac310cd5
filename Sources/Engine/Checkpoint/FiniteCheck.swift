import Dispatch

/// Finds NaN and infinite weights when a checkpoint tensor is read: a diverged training run or a
/// damaged file otherwise loads cleanly and gives an all-zero or all-NaN image.
enum FiniteCheck {
    /// Values per parallel chunk; smaller tensors are checked on the calling thread.
    static let chunk = 1 << 18
    private static let exponentMask: UInt32 = 0x7F80_0000

    /// Whether every value is finite. Reads the exponent bits as integers: a max reduction that
    /// the compiler vectorizes, where a floating-point test per element would not be.
    static func allFinite(_ values: UnsafeBufferPointer<Float>) -> Bool {
        guard let base = values.baseAddress, values.count > 0 else { return true }
        let bits = UnsafeRawPointer(base).assumingMemoryBound(to: UInt32.self)
        let chunks = (values.count + chunk - 1) / chunk
        if chunks == 1 { return largestExponent(bits, values.count) != exponentMask }
        let largest = UnsafeMutableBufferPointer<UInt32>.allocate(capacity: chunks)
        defer { largest.deallocate() }
        DispatchQueue.concurrentPerform(iterations: chunks) { index in
            let start = index * chunk
            largest[index] = largestExponent(bits + start, min(chunk, values.count - start))
        }
        return !largest.contains(exponentMask)
    }

    /// How many values are NaN or infinite (for the message; only run once a check failed).
    static func nonFiniteCount(_ values: [Float]) -> Int {
        values.reduce(0) { $0 + ($1.isFinite ? 0 : 1) }
    }

    @inline(__always)
    private static func largestExponent(_ bits: UnsafePointer<UInt32>, _ count: Int) -> UInt32 {
        var largest: UInt32 = 0
        for i in 0..<count { largest = max(largest, bits[i] & exponentMask) }
        return largest
    }
}
