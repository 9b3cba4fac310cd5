import Foundation

/// The kernel a deconvolution restorer works with: the caller's known kernel when given
/// (checked and renormalized), else a blind straight-motion estimate.
enum DeblurKernelChoice {
    /// nil when no kernel is known and the image shows no measurable straight blur.
    static func kernel(for image: RGBImage, context: RestoreContext) throws -> BlurKernel? {
        if let known = context.knownKernel {
            try BlurKernelFile.check(known, fitsWidth: image.width, height: image.height, file: nil)
            return try normalized(known)
        }
        return MotionBlurEstimator.estimate(image)?.kernel()
    }

    static func normalized(_ kernel: BlurKernel) throws -> BlurKernel {
        try BlurKernelFile.validated(kernel, file: nil)
    }
}
