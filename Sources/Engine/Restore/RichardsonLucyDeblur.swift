import Foundation

/// Richardson-Lucy deconvolution: the multiplicative fixed-point iteration for the maximum
/// likelihood sharp image under Poisson noise, x <- x * K^T (y / (K x)).
///
/// The observed image is mirrored by one kernel size on every side first, so the border,
/// which the blur mixed with unseen pixels, does not ring back into the picture.
public struct RichardsonLucyDeblur: Restorer {
    public let name = "richardson-lucy"
    public let summary = "Richardson-Lucy deconvolution (known kernel, or blind straight-motion estimate)"
    public let targets: Set<DegradationType> = [.motionBlur]

    public var iterations = 30

    public init() {}

    public func restore(_ image: RGBImage, context: RestoreContext) throws -> RGBImage {
        try context.checkProgress(0)
        guard let kernel = try DeblurKernelChoice.kernel(for: image, context: context) else {
            try context.checkProgress(1)
            return image.clamped()
        }
        let width = image.width, height = image.height
        let margin = kernel.size
        let paddedWidth = width + 2 * margin, paddedHeight = height + 2 * margin
        let observed = (0..<3).map { c in
            PlanePadding.reflectPad(image.plane(c), width: width, height: height, margin: margin).map { max($0, 0) }
        }
        let convolver = KernelConvolver(kernel: kernel, width: paddedWidth, height: paddedHeight)
        var estimate = observed
        let floor: Float = 1e-4
        for iteration in 0..<iterations {
            try context.checkProgress(Double(iteration) / Double(iterations))
            let reblurred = convolver.apply(estimate)
            var ratios = observed
            for c in 0..<3 {
                ratios[c].withUnsafeMutableBufferPointer { ratio in
                    reblurred[c].withUnsafeBufferPointer { blurred in
                        for i in 0..<ratio.count { ratio[i] /= max(blurred[i], floor) }
                    }
                }
            }
            let corrections = convolver.apply(ratios, adjoint: true)
            for c in 0..<3 {
                estimate[c].withUnsafeMutableBufferPointer { x in
                    corrections[c].withUnsafeBufferPointer { correction in
                        // The cap keeps one wild ratio (a clipped highlight) from exploding.
                        for i in 0..<x.count { x[i] = min(x[i] * correction[i], 2) }
                    }
                }
            }
        }
        var output = RGBImage(width: width, height: height)
        for c in 0..<3 {
            output.setPlane(c, PlanePadding.crop(estimate[c], fullWidth: paddedWidth, left: margin, top: margin,
                                                 width: width, height: height))
        }
        try context.checkProgress(1)
        return output.clamped()
    }
}
