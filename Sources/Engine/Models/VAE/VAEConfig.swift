/// Shape of a diffusers AutoencoderKL (Stable Diffusion's VAE).
public struct VAEConfig: Sendable, Equatable {
    public var inChannels: Int
    public var outChannels: Int
    public var latentChannels: Int
    public var blockOutChannels: [Int]
    public var layersPerBlock: Int
    public var normGroups: Int
    /// Latents are multiplied by this after encoding and divided by it before decoding
    /// (by the pipeline; `AutoencoderKL` itself works on unscaled latents, as diffusers).
    public var scalingFactor: Float

    public init(inChannels: Int = 3, outChannels: Int = 3, latentChannels: Int = 4, blockOutChannels: [Int],
                layersPerBlock: Int, normGroups: Int, scalingFactor: Float = 0.18215) {
        self.inChannels = inChannels
        self.outChannels = outChannels
        self.latentChannels = latentChannels
        self.blockOutChannels = blockOutChannels
        self.layersPerBlock = layersPerBlock
        self.normGroups = normGroups
        self.scalingFactor = scalingFactor
    }

    public static let sd15 = VAEConfig(blockOutChannels: [128, 256, 512, 512], layersPerBlock: 2, normGroups: 32)

    /// The tiny random configuration of the golden fixtures (make_nn_goldens.py).
    public static let tiny = VAEConfig(blockOutChannels: [16, 32], layersPerBlock: 1, normGroups: 8)

    /// Image side / latent side.
    public var downsamplingFactor: Int { 1 << (blockOutChannels.count - 1) }

    func validate() throws {
        guard !blockOutChannels.isEmpty, layersPerBlock >= 1, blockOutChannels.allSatisfy({ $0 % normGroups == 0 }),
              inChannels > 0, outChannels > 0, latentChannels > 0
        else { throw ModelLoadError.invalidConfig("VAE \(self)") }
    }
}
