import Foundation

/// GenDeg's intensity units: the mean (mu) and standard deviation (sigma) over all pixels
/// and channels of |clean - degraded|, both images Lanczos-resized to 256x256 and stored
/// as 8-bit, as the reference's edit_dataset.py measures them.
public struct DegradationStats: Equatable, Codable, Sendable {
    public var mu: Double
    public var sigma: Double

    public init(mu: Double, sigma: Double) {
        self.mu = mu
        self.sigma = sigma
    }

    public static let measureSize = 256

    public static func measure(clean: RGBImage, degraded: RGBImage) -> DegradationStats {
        let a = clean.resized(width: measureSize, height: measureSize).quantized8()
        let b = degraded.resized(width: measureSize, height: measureSize).quantized8()
        return measureDirect(clean: a, degraded: b)
    }

    /// The same statistics with no resize, for images already prepared.
    public static func measureDirect(clean: RGBImage, degraded: RGBImage) -> DegradationStats {
        precondition(clean.width == degraded.width && clean.height == degraded.height)
        var sum = 0.0, sumSquares = 0.0
        clean.pixels.withUnsafeBufferPointer { a in
            degraded.pixels.withUnsafeBufferPointer { b in
                for i in 0..<a.count {
                    let d = Double(abs(a[i] - b[i]))
                    sum += d
                    sumSquares += d * d
                }
            }
        }
        let n = Double(clean.pixels.count)
        let mean = sum / n
        return DegradationStats(mu: mean, sigma: max(0, sumSquares / n - mean * mean).squareRoot())
    }
}
