import Foundation

/// A straight motion blur: a segment of `length` pixels at `angleDegrees` (image axes, x right,
/// y down; 0 is horizontal, 90 vertical), as an anti-aliased line kernel.
public struct LinearMotion: Equatable, Sendable {
    public var length: Float
    public var angleDegrees: Float

    public init(length: Float, angleDegrees: Float) {
        self.length = length
        self.angleDegrees = angleDegrees
    }

    /// The kernel: many points along the centred segment, each spread bilinearly, summing to 1.
    /// A length of 1 or less is the identity.
    public func kernel() -> BlurKernel {
        let extent = max(0, length)
        let size = 2 * Int((extent / 2).rounded(.up)) + 3
        let c = Float(size / 2)
        var weights = [Float](repeating: 0, count: size * size)
        if extent <= 1 {
            weights[(size / 2) * size + size / 2] = 1
            return BlurKernel(size: size, weights: weights)
        }
        let angle = angleDegrees * .pi / 180
        let dx = cos(angle), dy = sin(angle)
        let samples = Int(extent * 8) + 1
        for s in 0..<samples {
            let t = -extent / 2 + extent * Float(s) / Float(samples - 1)
            let x = c + t * dx, y = c + t * dy
            let x0 = Int(x.rounded(.down)), y0 = Int(y.rounded(.down))
            let fx = x - Float(x0), fy = y - Float(y0)
            weights[y0 * size + x0] += (1 - fx) * (1 - fy)
            weights[y0 * size + x0 + 1] += fx * (1 - fy)
            weights[(y0 + 1) * size + x0] += (1 - fx) * fy
            weights[(y0 + 1) * size + x0 + 1] += fx * fy
        }
        let total = weights.reduce(0, +)
        // Taps below 1e-4 of the total would only slow direct convolution.
        weights = weights.map { $0 / total < 1e-4 ? 0 : $0 }
        let kept = weights.reduce(0, +)
        return BlurKernel(size: size, weights: weights.map { $0 / kept })
    }
}
