/// A generated degraded image and what is known about how it was made.
public struct GeneratedImage: Sendable {
    public var image: RGBImage
    /// The physical model's intensity parameter that reached the target, when there is one.
    public var intensity: Double?
    /// The blur kernel, for motion blur from a physical model.
    public var kernel: BlurKernel?
    /// The measured GenDeg statistics, when the generator already measured them.
    public var stats: DegradationStats?
    /// The prompt a text-conditioned generator was given.
    public var prompt: String?

    public init(image: RGBImage, intensity: Double? = nil, kernel: BlurKernel? = nil, stats: DegradationStats? = nil) {
        self.image = image
        self.intensity = intensity
        self.kernel = kernel
        self.stats = stats
    }
}
