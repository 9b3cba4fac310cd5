import Foundation

/// A classical rain and snow remover. Streaks and flakes are thin, bright and white: every
/// channel stands above its own median there. Pixels whose smallest channel excess passes a
/// threshold, raised where the photo's own fine texture is strong, are flagged (with a
/// one-pixel margin for the soft edges of streaks) and pulled down to the per-channel median.
public struct MedianDerainer: Restorer {
    public let name = "derain"
    public let summary = "Rain/snow removal: bright white median-residual outliers filled from the median image"
    public let targets: Set<DegradationType> = [.rain, .snow, .raindrop]

    /// Median window radius: wider than a streak or flake, small enough to keep detail.
    public var medianRadius = 3
    /// Excess over the median where replacement starts, and the ramp to full replacement.
    public var residualThreshold: Float = 0.02
    public var residualRamp: Float = 0.05
    /// How many times the local mean texture residual is added to the threshold.
    public var textureWeight: Float = 2
    public var textureRadius = 7

    public init() {}

    public func restore(_ image: RGBImage, context: RestoreContext) throws -> RGBImage {
        let width = image.width, height = image.height, n = image.planeSize
        try context.checkProgress(0)
        var medians: [[Float]] = []
        for c in 0..<3 {
            medians.append(MedianFilter.median(image.plane(c), width: width, height: height, radius: medianRadius))
            try context.checkProgress(0.2 * Double(c + 1))
        }
        let luma = image.luma()
        let lumaMedian = MedianFilter.median(luma, width: width, height: height, radius: medianRadius)
        let texture = BoxFilter.mean(zip(luma, lumaMedian).map { abs($0 - $1) }, width: width, height: height, radius: textureRadius)
        try context.checkProgress(0.8)
        var mask = [Float](repeating: 0, count: n)
        image.pixels.withUnsafeBufferPointer { p in
            for i in 0..<n {
                let excess = min(p[i] - medians[0][i], p[n + i] - medians[1][i], p[2 * n + i] - medians[2][i])
                let threshold = residualThreshold + textureWeight * texture[i]
                mask[i] = min(max((excess - threshold) / residualRamp, 0), 1)
            }
        }
        mask = MinFilter.maximum(mask, width: width, height: height, radius: 1)
        var output = image
        output.pixels.withUnsafeMutableBufferPointer { out in
            for c in 0..<3 {
                for i in 0..<n {
                    let value = out[c * n + i]
                    // Only ever darken: the fill must not brighten a pixel it replaces.
                    out[c * n + i] = value + mask[i] * (min(medians[c][i], value) - value)
                }
            }
        }
        try context.checkProgress(1)
        return output.clamped()
    }
}
