/// Restormer's hyperparameters (swz30/Restormer `restormer_arch.py`), as read from a checkpoint.
public struct RestormerConfig: Equatable, Sendable {
    public enum LayerNormKind: String, Sendable {
        /// (x - mean) / sqrt(var + 1e-5) * weight + bias
        case withBias = "WithBias"
        /// x / sqrt(var + 1e-5) * weight (the variance still about the mean)
        case biasFree = "BiasFree"
    }

    public var inChannels: Int
    public var outChannels: Int
    public var dim: Int
    /// Transformer blocks at levels 1-3 (encoder and decoder alike) and in the latent level 4.
    public var blocks: [Int]
    public var refinementBlocks: Int
    public var heads: [Int]
    /// GDFN hidden width = int(channels * factor): 2.66 in every official model.
    public var ffnExpansionFactor: Double
    /// Whether the convolutions have biases.
    public var bias: Bool
    public var layerNorm: LayerNormKind

    public init(inChannels: Int = 3, outChannels: Int = 3, dim: Int = 48, blocks: [Int] = [4, 6, 6, 8],
                refinementBlocks: Int = 4, heads: [Int] = [1, 2, 4, 8], ffnExpansionFactor: Double = 2.66,
                bias: Bool = false, layerNorm: LayerNormKind = .withBias) {
        self.inChannels = inChannels
        self.outChannels = outChannels
        self.dim = dim
        self.blocks = blocks
        self.refinementBlocks = refinementBlocks
        self.heads = heads
        self.ffnExpansionFactor = ffnExpansionFactor
        self.bias = bias
        self.layerNorm = layerNorm
    }

    /// The official deraining / motion-deblurring model.
    public static let official = RestormerConfig()

    func hiddenWidth(channels: Int) -> Int { Int(Double(channels) * ffnExpansionFactor) }

    /// The official test scripts reflect-pad to a multiple of 8.
    public static let padMultiple = 8
}
