/// One resolution level of the UNet's encoder or decoder: resnets, each optionally
/// followed by a spatial transformer, then an optional resampler.
struct UNetLevel: Sendable {
    let resnets: [ResnetBlock2D]
    let attentions: [SpatialTransformer]  // empty for DownBlock2D / UpBlock2D
    let downsampler: Downsample2D?
    let upsampler: Upsample2D?

    /// `down_blocks.<i>`: resnets from `inChannels` to the level's width.
    static func down(_ w: WeightSource, _ prefix: String, config c: UNetConfig, level: Int, inChannels: Int) throws -> UNetLevel {
        let out = c.blockOutChannels[level]
        let resnets = try (0..<c.layersPerBlock).map {
            try ResnetBlock2D(w, "\(prefix).resnets.\($0)", inChannels: $0 == 0 ? inChannels : out, outChannels: out,
                              timeChannels: c.timeEmbeddingDim, groups: c.normGroups, eps: c.normEps)
        }
        let attentions = c.downBlockHasAttention[level] ? try (0..<c.layersPerBlock).map {
            try SpatialTransformer(w, "\(prefix).attentions.\($0)", channels: out, heads: c.heads(forChannels: out),
                                   contextDim: c.crossAttentionDim, groups: c.normGroups, depth: c.transformerDepth)
        } : []
        let last = level == c.blockOutChannels.count - 1
        let down = last ? nil : try Downsample2D(w, "\(prefix).downsamplers.0", channels: out, asymmetric: false)
        return UNetLevel(resnets: resnets, attentions: attentions, downsampler: down, upsampler: nil)
    }

    /// `up_blocks.<i>` (i counts from the lowest resolution): each resnet also takes a skip
    /// connection, so its input is its predecessor's width plus that skip's width.
    static func up(_ w: WeightSource, _ prefix: String, config c: UNetConfig, index i: Int) throws -> UNetLevel {
        let reversed = Array(c.blockOutChannels.reversed())
        let levels = reversed.count
        let out = reversed[i], previous = reversed[max(i - 1, 0)], input = reversed[min(i + 1, levels - 1)]
        let count = c.layersPerBlock + 1
        let resnets = try (0..<count).map { j -> ResnetBlock2D in
            let skip = j == count - 1 ? input : out
            let from = j == 0 ? previous : out
            return try ResnetBlock2D(w, "\(prefix).resnets.\(j)", inChannels: from + skip, outChannels: out,
                                     timeChannels: c.timeEmbeddingDim, groups: c.normGroups, eps: c.normEps)
        }
        let attention = c.downBlockHasAttention[levels - 1 - i]
        let attentions = attention ? try (0..<count).map {
            try SpatialTransformer(w, "\(prefix).attentions.\($0)", channels: out, heads: c.heads(forChannels: out),
                                   contextDim: c.crossAttentionDim, groups: c.normGroups, depth: c.transformerDepth)
        } : []
        let up = i == levels - 1 ? nil : try Upsample2D(w, "\(prefix).upsamplers.0", channels: out)
        return UNetLevel(resnets: resnets, attentions: attentions, downsampler: nil, upsampler: up)
    }
}
