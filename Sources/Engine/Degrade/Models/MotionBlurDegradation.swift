/// Camera-shake blur: the image convolved with a random Boracchi-Foi trajectory kernel.
/// The trajectory's shape is fixed by the seed; intensity scales its size, so the kernel
/// grows with intensity (and stays a centered delta at 0).
public struct MotionBlurDegradation: PhysicalDegradation {
    public var type: DegradationType { .motionBlur }
    /// Root-mean-square distance of the path from its centroid at intensity 1, in pixels of a
    /// 512x512 reference image (a straight path of length L has L / sqrt(12)).
    public var maxSpread: Float

    public init(maxSpread: Float = 28) {
        self.maxSpread = maxSpread
    }

    public func apply(to image: RGBImage, intensity: Float, seed: UInt64) -> DegradationResult {
        let strength = intensity.clampedIntensity
        guard strength > 0 else { return DegradationResult(image: image, kernel: BlurKernel(size: 1, weights: [1])) }
        let kernel = self.kernel(for: image, intensity: strength, seed: seed)
        let blurred = KernelConvolution.convolve(image, with: kernel)
        return DegradationResult(image: blurred, kernel: kernel)
    }

    /// The kernel `apply` uses for this image size, intensity and seed.
    public func kernel(for image: RGBImage, intensity: Float, seed: UInt64) -> BlurKernel {
        let geometry = DegradeGeometry(width: image.width, height: image.height)
        // Even a small shake blurs fine detail a lot, so the spread grows faster at the top
        // of the slider, leaving room for the common weak blurs.
        let strength = intensity.clampedIntensity
        let spread = geometry.pixels(maxSpread * strength * strength.squareRoot())
        return CameraShakeTrajectory(seed: seed).kernel(rmsRadius: spread)
    }
}
