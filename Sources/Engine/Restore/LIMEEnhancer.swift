import Foundation

/// LIME low-light enhancement (Guo, Li and Ling, TIP 2017): estimate the illumination as the
/// per-pixel maximum over R, G, B, refine it, apply gamma 0.8, and divide it out.
///
/// LIME refines the illumination by solving a weighted total-variation-like sparse linear system.
/// This is the common fast variant: the structure-aware refinement is a self-guided guided filter
/// on the initial illumination (edges of the illumination map are kept, texture inside flat
/// regions is smoothed). The optional denoising follows LIME's recomposition: the result is
/// blended with a guided-filter-smoothed copy, weighted by how dark the illumination was.
public struct LIMEEnhancer: Restorer {
    public let name = "lime"
    public let summary = "LIME low-light enhancement: refined max-RGB illumination, gamma 0.8, divide"
    public let targets: Set<DegradationType> = [.lowLight]

    public var gamma: Float = 0.8
    /// Guided-filter radius of the illumination refinement at a 600-pixel short side.
    public var refineRadiusAt600 = 15
    /// Guided-filter epsilon for an illumination peaking at 1 (scaled by the square of the peak).
    public var refineEpsilon: Float = 0.01
    /// Illumination floor, so black pixels are not divided by zero.
    public var minIllumination: Float = 0.02
    /// Strength of the dark-region denoising in [0, 1]; 0 turns it off.
    public var denoiseStrength: Float = 1

    public init() {}

    public func restore(_ image: RGBImage, context: RestoreContext) throws -> RGBImage {
        let width = image.width, height = image.height, n = image.planeSize
        try context.checkProgress(0)
        var initial = [Float](repeating: 0, count: n)
        image.pixels.withUnsafeBufferPointer { p in
            for i in 0..<n { initial[i] = max(p[i], p[n + i], p[2 * n + i]) }
        }
        let radius = max(1, Int((Float(refineRadiusAt600) * Float(min(width, height)) / 600).rounded()))
        // epsilon is relative to the illumination's range: a dark image's illumination varies
        // little, and a fixed epsilon would flatten its edges into halos.
        let peak = max(initial.max() ?? 1, minIllumination)
        let refined = GuidedFilter.filter(guide: initial, input: initial, width: width, height: height,
                                          radius: radius, epsilon: refineEpsilon * peak * peak)
        try context.checkProgress(0.4)
        let illumination = refined.map { pow(min(max($0, minIllumination), 1), gamma) }
        var output = image
        output.pixels.withUnsafeMutableBufferPointer { out in
            for c in 0..<3 {
                for i in 0..<n { out[c * n + i] = min(out[c * n + i] / illumination[i], 1) }
            }
        }
        try context.checkProgress(0.7)
        if denoiseStrength > 0 {
            output = denoised(output, illumination: illumination)
        }
        try context.checkProgress(1)
        return output.clamped()
    }

    /// Each channel smoothed by a small guided filter on the enhanced luma, blended in where
    /// the illumination was low (the noise there was amplified the most).
    func denoised(_ enhanced: RGBImage, illumination: [Float]) -> RGBImage {
        let width = enhanced.width, height = enhanced.height, n = enhanced.planeSize
        let guide = enhanced.luma()
        var output = enhanced
        for c in 0..<3 {
            let plane = enhanced.plane(c)
            let smooth = GuidedFilter.filter(guide: guide, input: plane, width: width, height: height, radius: 2, epsilon: 4e-3)
            for i in 0..<n {
                let weight = denoiseStrength * (1 - illumination[i])
                output.pixels[c * n + i] = plane[i] * (1 - weight) + smooth[i] * weight
            }
        }
        return output
    }
}
