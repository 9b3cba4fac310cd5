import Foundation

/// He, Sun and Tang's dark channel prior dehazing (CVPR 2009 / TPAMI 2011), with the guided
/// filter (ECCV 2010) in place of soft matting to refine the transmission.
public struct DarkChannelPriorDehazer: Restorer {
    public let name = "dcp"
    public let summary = "Dark channel prior dehazing (He et al.) with guided-filter transmission"
    public let targets: Set<DegradationType> = [.haze]

    /// Side of the square patch of the dark channel.
    public var patchSize = 15
    /// Fraction of haze removed: 1 - omega of it is kept so far objects still look far.
    public var omega: Float = 0.95
    /// Lower bound on the transmission, against noise blow-up in dense haze.
    public var minTransmission: Float = 0.1
    /// Fraction of the image, brightest in the dark channel, that sets the atmospheric light.
    public var brightestFraction: Float = 0.001
    /// Guided filter radius at a 600-pixel short side (He used 60 there); scaled with the image.
    public var guidedRadiusAt600 = 60
    public var guidedEpsilon: Float = 1e-3

    public init() {}

    public func restore(_ image: RGBImage, context: RestoreContext) throws -> RGBImage {
        let width = image.width, height = image.height, n = image.planeSize
        let patchRadius = patchSize / 2
        try context.checkProgress(0)
        let dark = MinFilter.minimum(Self.channelMinimum(image, scale: [1, 1, 1]), width: width, height: height, radius: patchRadius)
        let light = atmosphericLight(image, dark: dark)
        try context.checkProgress(0.3)
        let rawTransmission = transmissionEstimate(image, light: light)
        try context.checkProgress(0.6)
        let radius = max(1, Int((Float(guidedRadiusAt600) * Float(min(width, height)) / 600).rounded()))
        let transmission = GuidedFilter.filter(guide: image.luma(), input: rawTransmission, width: width, height: height,
                                               radius: radius, epsilon: guidedEpsilon)
        var output = image
        output.pixels.withUnsafeMutableBufferPointer { out in
            for c in 0..<3 {
                let a = light[c]
                for i in 0..<n {
                    let t = max(transmission[i], minTransmission)
                    out[c * n + i] = (out[c * n + i] - a) / t + a
                }
            }
        }
        try context.checkProgress(1)
        return output.clamped()
    }

    /// Per pixel, the smallest of the three channels, each multiplied by `scale[c]`.
    static func channelMinimum(_ image: RGBImage, scale: [Float]) -> [Float] {
        let n = image.planeSize
        var result = [Float](repeating: 0, count: n)
        image.pixels.withUnsafeBufferPointer { p in
            for i in 0..<n { result[i] = min(p[i] * scale[0], p[n + i] * scale[1], p[2 * n + i] * scale[2]) }
        }
        return result
    }

    /// t~(x) = 1 - omega * min over the patch of min_c I_c / A_c: the transmission before refinement.
    func transmissionEstimate(_ image: RGBImage, light: [Float]) -> [Float] {
        let normalizedDark = MinFilter.minimum(Self.channelMinimum(image, scale: light.map { 1 / $0 }),
                                               width: image.width, height: image.height, radius: patchSize / 2)
        return normalizedDark.map { 1 - omega * $0 }
    }

    /// He et al.'s rule: among the pixels brightest in the dark channel (the most haze-opaque
    /// ones), the input pixel of highest intensity is the atmospheric light. Kept away from zero
    /// so the division stays safe.
    func atmosphericLight(_ image: RGBImage, dark: [Float]) -> [Float] {
        let n = image.planeSize
        let count = max(1, Int((Float(n) * brightestFraction).rounded()))
        let threshold = dark.sorted(by: >)[count - 1]
        var best = -1, bestIntensity: Float = -1
        for i in 0..<n where dark[i] >= threshold {
            let intensity = image.pixels[i] + image.pixels[n + i] + image.pixels[2 * n + i]
            if intensity > bestIntensity { (best, bestIntensity) = (i, intensity) }
        }
        return (0..<3).map { max(image.pixels[$0 * n + best], 0.05) }
    }
}
