import Foundation

/// The kernel a deconvolution restorer works with: the caller's known kernel when given
/// (checked and renormalized), else a blind straight-motion estimate.
enum DeblurKernelChoice {
    /// nil when no kernel is known and the image shows no measurable straight blur.
    static func kernel(for image: RGBImage, context: RestoreContext) throws -> BlurKernel? {
        if let known = context.knownKernel { return try normalized(known) }
        return MotionBlurEstimator.estimate(image)?.kernel()
    }

    static func normalized(_ kernel: BlurKernel) throws -> BlurKernel {
        guard kernel.weights.count == kernel.size * kernel.size else {
            throw RestoreError.failed("blur kernel has \(kernel.weights.count) weights, expected \(kernel.size)x\(kernel.size)")
        }
        guard kernel.weights.allSatisfy({ $0.isFinite && $0 >= 0 }) else {
            throw RestoreError.failed("blur kernel weights must be finite and non-negative")
        }
        let total = kernel.weights.reduce(0, +)
        guard total > 0 else { throw RestoreError.failed("blur kernel weights sum to zero") }
        return BlurKernel(size: kernel.size, weights: kernel.weights.map { $0 / total })
    }
}
