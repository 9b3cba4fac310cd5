/// The VAE's single-head self-attention over pixels (diffusers `Attention` with
/// `group_norm`, residual connection), used in the middle blocks.
struct VAEAttention: Sendable {
    let norm: GroupNorm
    let attention: MultiHeadAttention

    init(_ w: WeightSource, _ prefix: String, channels: Int, groups: Int) throws {
        norm = try GroupNorm(w, join(prefix, "group_norm"), groups: groups, channels: channels, eps: 1e-6)
        attention = try MultiHeadAttention(w, prefix, queryDim: channels, heads: 1, headDim: channels, projectionBias: true)
    }

    func callAsFunction(_ x: Tensor) -> Tensor {
        let (height, width, channels) = (x.shape[2], x.shape[3], x.shape[1])
        let normed = norm(x)
        // Tokens [B, HW, C]: the qkv projection reads NCHW directly through a transposed GEMM.
        let tokens = TensorOps.tokensFromChannelsFirst(normed)
        var y = attention.attend(tokens, context: nil, causal: false) {
            attention.output.channelsFirst(fromTokens: $0, height: height, width: width)
        }
        precondition(y.shape[1] == channels)
        TensorOps.addInPlace(&y, x)
        return y
    }
}

/// resnet, attention, resnet at the lowest resolution (`mid_block`).
struct VAEMidBlock: Sendable {
    let resnet1: ResnetBlock2D, attention: VAEAttention, resnet2: ResnetBlock2D

    init(_ w: WeightSource, _ prefix: String, channels: Int, groups: Int) throws {
        resnet1 = try ResnetBlock2D(w, "\(prefix).resnets.0", inChannels: channels, outChannels: channels,
                                    timeChannels: nil, groups: groups, eps: 1e-6)
        attention = try VAEAttention(w, "\(prefix).attentions.0", channels: channels, groups: groups)
        resnet2 = try ResnetBlock2D(w, "\(prefix).resnets.1", inChannels: channels, outChannels: channels,
                                    timeChannels: nil, groups: groups, eps: 1e-6)
    }

    func callAsFunction(_ x: Tensor) -> Tensor { resnet2(attention(resnet1(x))) }
}

/// `encoder.*`: image [B, 3, H, W] -> 2 * latent channels (mean, logvar) at H/f x W/f.
struct VAEEncoder: Sendable {
    let convIn: Conv2d
    let levels: [(resnets: [ResnetBlock2D], down: Downsample2D?)]
    let mid: VAEMidBlock
    let normOut: GroupNorm
    let convOut: Conv2d

    init(_ w: WeightSource, config c: VAEConfig) throws {
        let widths = c.blockOutChannels
        convIn = try Conv2d(w, "encoder.conv_in", inChannels: c.inChannels, outChannels: widths[0], kernel: 3, padding: 1)
        levels = try widths.indices.map { i in
            let prefix = "encoder.down_blocks.\(i)"
            let resnets = try (0..<c.layersPerBlock).map { j in
                try ResnetBlock2D(w, "\(prefix).resnets.\(j)", inChannels: j == 0 ? widths[max(i - 1, 0)] : widths[i],
                                  outChannels: widths[i], timeChannels: nil, groups: c.normGroups, eps: 1e-6)
            }
            let down = i == widths.count - 1 ? nil
                : try Downsample2D(w, "\(prefix).downsamplers.0", channels: widths[i], asymmetric: true)
            return (resnets, down)
        }
        mid = try VAEMidBlock(w, "encoder.mid_block", channels: widths.last!, groups: c.normGroups)
        normOut = try GroupNorm(w, "encoder.conv_norm_out", groups: c.normGroups, channels: widths.last!, eps: 1e-6)
        convOut = try Conv2d(w, "encoder.conv_out", inChannels: widths.last!, outChannels: 2 * c.latentChannels,
                             kernel: 3, padding: 1)
    }

    func callAsFunction(_ x: Tensor) -> Tensor {
        var h = convIn(x)
        for level in levels {
            for resnet in level.resnets { h = resnet(h) }
            if let down = level.down { h = down(h) }
        }
        return convOut(normOut(mid(h), silu: true))
    }
}

/// `decoder.*`: latent [B, latent, h, w] -> image [B, 3, h*f, w*f].
struct VAEDecoder: Sendable {
    let convIn: Conv2d
    let mid: VAEMidBlock
    let levels: [(resnets: [ResnetBlock2D], up: Upsample2D?)]
    let normOut: GroupNorm
    let convOut: Conv2d

    init(_ w: WeightSource, config c: VAEConfig) throws {
        let widths = Array(c.blockOutChannels.reversed())
        convIn = try Conv2d(w, "decoder.conv_in", inChannels: c.latentChannels, outChannels: widths[0], kernel: 3, padding: 1)
        mid = try VAEMidBlock(w, "decoder.mid_block", channels: widths[0], groups: c.normGroups)
        levels = try widths.indices.map { i in
            let prefix = "decoder.up_blocks.\(i)"
            let resnets = try (0...c.layersPerBlock).map { j in
                try ResnetBlock2D(w, "\(prefix).resnets.\(j)", inChannels: j == 0 ? widths[max(i - 1, 0)] : widths[i],
                                  outChannels: widths[i], timeChannels: nil, groups: c.normGroups, eps: 1e-6)
            }
            let up = i == widths.count - 1 ? nil : try Upsample2D(w, "\(prefix).upsamplers.0", channels: widths[i])
            return (resnets, up)
        }
        normOut = try GroupNorm(w, "decoder.conv_norm_out", groups: c.normGroups, channels: widths.last!, eps: 1e-6)
        convOut = try Conv2d(w, "decoder.conv_out", inChannels: widths.last!, outChannels: c.outChannels, kernel: 3, padding: 1)
    }

    func callAsFunction(_ z: Tensor) -> Tensor {
        var h = mid(convIn(z))
        for level in levels {
            for resnet in level.resnets { h = resnet(h) }
            if let up = level.up { h = up(h) }
        }
        return convOut(normOut(h, silu: true))
    }
}
