/// Shape of a Stable Diffusion 1.x style UNet2DConditionModel (diffusers naming).
public struct UNetConfig: Sendable, Equatable {
    public var inChannels: Int
    public var outChannels: Int
    public var blockOutChannels: [Int]
    public var layersPerBlock: Int
    /// Per down level: CrossAttnDownBlock2D (true) or DownBlock2D (false). Up levels mirror it
    /// (UpBlock2D for a level without attention, CrossAttnUpBlock2D otherwise).
    public var downBlockHasAttention: [Bool]
    /// Attention heads in every transformer (diffusers' `attention_head_dim` for SD 1.x,
    /// which is really a head count); head size = channels / heads.
    public var attentionHeads: Int
    /// SD 2.x style fixed head width (LDM's `num_head_channels`): when set, every transformer
    /// has channels / attentionHeadChannels heads and `attentionHeads` is unused.
    public var attentionHeadChannels: Int?
    public var crossAttentionDim: Int
    public var normGroups: Int
    /// Group norm eps in the resnet blocks and the output norm (transformers use 1e-6).
    public var normEps: Float
    public var transformerDepth: Int
    /// Per down level, when the levels differ (diffusers' list forms of `attention_head_dim` /
    /// `num_attention_heads` and `transformer_layers_per_block`); nil: every level uses the
    /// single value above. The middle block uses the deepest level's, as diffusers does.
    public var levelAttentionHeads: [Int]?
    public var levelTransformerDepth: [Int]?

    public init(inChannels: Int, outChannels: Int, blockOutChannels: [Int], layersPerBlock: Int,
                downBlockHasAttention: [Bool], attentionHeads: Int, crossAttentionDim: Int, normGroups: Int,
                normEps: Float = 1e-5, transformerDepth: Int = 1, attentionHeadChannels: Int? = nil) {
        self.inChannels = inChannels
        self.outChannels = outChannels
        self.blockOutChannels = blockOutChannels
        self.layersPerBlock = layersPerBlock
        self.downBlockHasAttention = downBlockHasAttention
        self.attentionHeads = attentionHeads
        self.crossAttentionDim = crossAttentionDim
        self.normGroups = normGroups
        self.normEps = normEps
        self.transformerDepth = transformerDepth
        self.attentionHeadChannels = attentionHeadChannels
    }

    /// Heads of a transformer `channels` wide: a fixed head width (LDM YAML) wins; otherwise the
    /// per-level count of the first level that wide (diffusers list form), else the single count.
    public func heads(forChannels channels: Int) -> Int {
        if let width = attentionHeadChannels, width > 0 { return max(channels / width, 1) }
        if let levels = levelAttentionHeads, let level = blockOutChannels.firstIndex(of: channels), level < levels.count {
            return levels[level]
        }
        return attentionHeads
    }

    /// Stable Diffusion 1.5; 8 input channels for InstructPix2Pix / GenDeg (noisy latent +
    /// conditioning image latent), 4 for plain text-to-image.
    public static func sd15(inChannels: Int = 8) -> UNetConfig {
        UNetConfig(inChannels: inChannels, outChannels: 4, blockOutChannels: [320, 640, 1280, 1280], layersPerBlock: 2,
                   downBlockHasAttention: [true, true, true, false], attentionHeads: 8, crossAttentionDim: 768,
                   normGroups: 32)
    }

    /// The tiny random configuration of the golden fixtures (make_nn_goldens.py).
    public static let tiny = UNetConfig(
        inChannels: 8, outChannels: 4, blockOutChannels: [16, 32, 32], layersPerBlock: 1,
        downBlockHasAttention: [true, true, false], attentionHeads: 2, crossAttentionDim: 32, normGroups: 8)

    /// Attention heads and transformer depth of down level `level` (its mirror up level too).
    public func attentionHeads(level: Int) -> Int {
        if let width = attentionHeadChannels, width > 0 { return max(blockOutChannels[level] / width, 1) }
        return levelAttentionHeads?[level] ?? attentionHeads
    }
    public func transformerDepth(level: Int) -> Int { levelTransformerDepth?[level] ?? transformerDepth }

    /// Width of the sinusoidal timestep features and of the time embedding MLP.
    public var timeProjectionDim: Int { blockOutChannels[0] }
    public var timeEmbeddingDim: Int { blockOutChannels[0] * 4 }

    func validate() throws {
        guard !blockOutChannels.isEmpty, blockOutChannels.count == downBlockHasAttention.count, layersPerBlock >= 1,
              blockOutChannels.indices.allSatisfy({ blockOutChannels[$0] % normGroups == 0 && attentionHeads(level: $0) > 0
                                                    && blockOutChannels[$0] % attentionHeads(level: $0) == 0 }),
              attentionHeadChannels.map({ width in width > 0 && blockOutChannels.allSatisfy { $0 % width == 0 } }) ?? true,
              inChannels > 0, outChannels > 0, crossAttentionDim > 0, transformerDepth >= 1,
              levelAttentionHeads.map({ $0.count == blockOutChannels.count }) ?? true,
              levelTransformerDepth.map({ $0.count == blockOutChannels.count && $0.allSatisfy { $0 >= 1 } }) ?? true
        else { throw ModelLoadError.invalidConfig("UNet \(self)") }
    }
}
