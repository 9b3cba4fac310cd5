import Foundation

/// A classical rain and snow remover: streaks and flakes are thin bright outliers, so the luma
/// minus its median-filtered self flags them; flagged pixels (with a one-pixel margin for the
/// streaks' soft edges) are replaced by the per-channel median, blended by how bright the
/// outlier was.
public struct MedianDerainer: Restorer {
    public let name = "derain"
    public let summary = "Rain/snow removal: bright median-residual outliers filled from the median image"
    public let targets: Set<DegradationType> = [.rain, .snow, .raindrop]

    /// Median window radius: wider than a streak or flake, small enough to keep detail.
    public var medianRadius = 3
    /// Residual (luma above its median) where replacement starts, and where it is complete.
    public var residualLow: Float = 0.02
    public var residualHigh: Float = 0.07

    public init() {}

    public func restore(_ image: RGBImage, context: RestoreContext) throws -> RGBImage {
        let width = image.width, height = image.height, n = image.planeSize
        try context.checkProgress(0)
        let luma = image.luma()
        let lumaMedian = MedianFilter.median(luma, width: width, height: height, radius: medianRadius)
        var mask = [Float](repeating: 0, count: n)
        let span = max(residualHigh - residualLow, 1e-6)
        for i in 0..<n { mask[i] = min(max((luma[i] - lumaMedian[i] - residualLow) / span, 0), 1) }
        mask = MinFilter.maximum(mask, width: width, height: height, radius: 1)
        try context.checkProgress(0.3)
        var output = image
        for c in 0..<3 {
            let plane = image.plane(c)
            let median = MedianFilter.median(plane, width: width, height: height, radius: medianRadius)
            for i in 0..<n {
                // Only ever darken: the fill must not brighten a pixel it replaces.
                let fill = min(median[i], plane[i])
                output.pixels[c * n + i] = plane[i] + mask[i] * (fill - plane[i])
            }
            try context.checkProgress(0.3 + 0.2 * Double(c + 1))
        }
        try context.checkProgress(1)
        return output.clamped()
    }
}
