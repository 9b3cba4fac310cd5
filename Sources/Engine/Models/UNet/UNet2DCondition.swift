/// Stable Diffusion 1.x UNet2DConditionModel (epsilon prediction), float32 on the CPU.
public struct UNet2DCondition: Sendable {
    public let config: UNetConfig
    let convIn: Conv2d
    let timeLinear1: Linear, timeLinear2: Linear
    let downLevels: [UNetLevel]
    let midResnet1: ResnetBlock2D, midAttention: SpatialTransformer, midResnet2: ResnetBlock2D
    let upLevels: [UNetLevel]
    let normOut: GroupNorm
    let convOut: Conv2d

    /// Reads every parameter (diffusers names) and checks its shape.
    public init(config: UNetConfig, weights w: WeightSource) throws {
        try config.validate()
        self.config = config
        let c = config, widths = config.blockOutChannels
        convIn = try Conv2d(w, "conv_in", inChannels: c.inChannels, outChannels: widths[0], kernel: 3, padding: 1)
        timeLinear1 = try Linear(w, "time_embedding.linear_1", inFeatures: c.timeProjectionDim, outFeatures: c.timeEmbeddingDim)
        timeLinear2 = try Linear(w, "time_embedding.linear_2", inFeatures: c.timeEmbeddingDim, outFeatures: c.timeEmbeddingDim)
        downLevels = try widths.indices.map {
            try UNetLevel.down(w, "down_blocks.\($0)", config: c, level: $0, inChannels: $0 == 0 ? widths[0] : widths[$0 - 1])
        }
        let deepest = widths.last!
        midResnet1 = try ResnetBlock2D(w, "mid_block.resnets.0", inChannels: deepest, outChannels: deepest,
                                       timeChannels: c.timeEmbeddingDim, groups: c.normGroups, eps: c.normEps)
        midAttention = try SpatialTransformer(w, "mid_block.attentions.0", channels: deepest, heads: c.heads(forChannels: deepest),
                                              contextDim: c.crossAttentionDim, groups: c.normGroups, depth: c.transformerDepth)
        midResnet2 = try ResnetBlock2D(w, "mid_block.resnets.1", inChannels: deepest, outChannels: deepest,
                                       timeChannels: c.timeEmbeddingDim, groups: c.normGroups, eps: c.normEps)
        upLevels = try widths.indices.map { try UNetLevel.up(w, "up_blocks.\($0)", config: c, index: $0) }
        normOut = try GroupNorm(w, "conv_norm_out", groups: c.normGroups, channels: widths[0], eps: c.normEps)
        convOut = try Conv2d(w, "conv_out", inChannels: widths[0], outChannels: c.outChannels, kernel: 3, padding: 1)
    }

    /// Noise prediction for `sample` [B, inChannels, H, W] at one timestep shared by the batch.
    public func forward(sample: Tensor, timestep: Float, context: Tensor) throws -> Tensor {
        try forward(sample: sample, timesteps: [Float](repeating: timestep, count: sample.shape.first ?? 0), context: context)
    }

    /// Noise prediction with one timestep per batch item; `context` is the text encoder's
    /// hidden states [B, tokens, crossAttentionDim]. H and W must be multiples of
    /// 2^(levels - 1).
    public func forward(sample: Tensor, timesteps: [Float], context: Tensor) throws -> Tensor {
        let factor = 1 << (config.blockOutChannels.count - 1)
        guard sample.rank == 4, sample.shape[1] == config.inChannels, sample.shape[0] > 0,
              sample.shape[2] % factor == 0, sample.shape[3] % factor == 0, sample.shape[2] > 0, sample.shape[3] > 0 else {
            throw TensorShapeError.invalidInput(
                "UNet sample \(sample.shape): need [B, \(config.inChannels), H, W] with H, W multiples of \(factor)")
        }
        let batch = sample.shape[0]
        guard timesteps.count == batch else {
            throw TensorShapeError.invalidInput("\(timesteps.count) timesteps for a batch of \(batch)")
        }
        guard context.rank == 3, context.shape[0] == batch, context.shape[2] == config.crossAttentionDim, context.shape[1] > 0 else {
            throw TensorShapeError.invalidInput(
                "UNet context \(context.shape): need [\(batch), tokens, \(config.crossAttentionDim)]")
        }

        var temb = timeLinear1(timestepEmbedding(timesteps, dimension: config.timeProjectionDim))
        Activation.silu.apply(&temb)
        temb = timeLinear2(temb)

        var h = convIn(sample)
        var skips = [h]
        for level in downLevels {
            for (j, resnet) in level.resnets.enumerated() {
                h = resnet(h, temb: temb)
                if !level.attentions.isEmpty { h = level.attentions[j](h, context: context) }
                skips.append(h)
            }
            if let down = level.downsampler {
                h = down(h)
                skips.append(h)
            }
        }
        h = midResnet2(midAttention(midResnet1(h, temb: temb), context: context), temb: temb)
        for level in upLevels {
            for (j, resnet) in level.resnets.enumerated() {
                h = resnet(TensorOps.concatChannels(h, skips.removeLast()), temb: temb)
                if !level.attentions.isEmpty { h = level.attentions[j](h, context: context) }
            }
            if let up = level.upsampler { h = up(h) }
        }
        return convOut(normOut(h, silu: true))
    }
}
