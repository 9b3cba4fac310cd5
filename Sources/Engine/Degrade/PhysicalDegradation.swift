/// A blur kernel, normalized to sum 1, kept with motion-blurred results so deconvolution
/// restorers can use the true kernel.
public struct BlurKernel: Equatable, Codable, Sendable {
    public let size: Int
    /// size x size weights, row-major, summing to 1.
    public var weights: [Float]

    public init(size: Int, weights: [Float]) {
        precondition(size > 0 && weights.count == size * size)
        self.size = size
        self.weights = weights
    }

    /// Decoding checks the kernel (`BlurKernelFile.validated`): a decoded size is not trusted.
    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let size = try container.decode(Int.self, forKey: .size)
        let weights = try container.decode([Double].self, forKey: .weights)
        self = try BlurKernelFile.validated(size: size, weights: weights, file: nil)
    }
}

/// What a physical degradation produced.
public struct DegradationResult: Sendable {
    public var image: RGBImage
    /// The blur kernel, for motion blur.
    public var kernel: BlurKernel?

    public init(image: RGBImage, kernel: BlurKernel? = nil) {
        self.image = image
        self.kernel = kernel
    }
}

/// A physical (procedural) model of one degradation.
///
/// `intensity` is the slider value in [0, 1]: 0 gives back the clean image exactly, and the
/// measured GenDeg mu grows monotonically with it (for a fixed seed), which is what lets
/// `IntensityCalibrator` reach a target mu by bisection.
public protocol PhysicalDegradation: Sendable {
    var type: DegradationType { get }
    func apply(to image: RGBImage, intensity: Float, seed: UInt64) -> DegradationResult
}
