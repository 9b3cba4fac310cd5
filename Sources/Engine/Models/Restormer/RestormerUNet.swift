/// The 4-level U-Net of Restormer transformer blocks that Restormer and PromptIR share: a 3x3
/// patch embedding, encoder levels of width d, 2d, 4d and a latent level of 8d (3x3 conv +
/// PixelUnshuffle between them), a decoder going back up by 3x3 conv + PixelShuffle with
/// concatenated skips (reduced by 1x1 convs at levels 3 and 2), level-1 decoder and refinement
/// blocks at 2d, and a 3x3 output conv added to the input. Inputs are reflect-padded to a
/// multiple of 8, as the official test scripts do.
///
/// PromptIR inserts a stage after the latent, decoder level 3 and decoder level 2 (`Stages`);
/// its latent stage narrows 8d to 4d, so `latentWidth` is the width entering `up4_3`.
struct RestormerUNet: Sendable {
    /// Maps inserted between levels; each must keep its input's width except `afterLatent`,
    /// which must return `latentWidth` channels.
    struct Stages {
        var afterLatent: (PlanarMap) -> PlanarMap = { $0 }
        var afterDecoder3: (PlanarMap) -> PlanarMap = { $0 }
        var afterDecoder2: (PlanarMap) -> PlanarMap = { $0 }
    }

    let config: RestormerConfig
    let patchEmbed: DenseConv
    let encoder1: [RestormerBlock], encoder2: [RestormerBlock], encoder3: [RestormerBlock], latent: [RestormerBlock]
    let down12: DenseConv, down23: DenseConv, down34: DenseConv
    let up43: DenseConv, up32: DenseConv, up21: DenseConv
    let reduce3: DenseConv, reduce2: DenseConv
    let decoder3: [RestormerBlock], decoder2: [RestormerBlock], decoder1: [RestormerBlock], refinement: [RestormerBlock]
    let output: DenseConv

    init(_ w: WeightLoader, config: RestormerConfig, latentWidth: Int, architecture: String) throws {
        guard config.blocks.count == 4, config.heads.count == 4 else {
            throw ModelLoadError.unsupportedConfig("\(w.source): \(architecture) needs 4 levels of blocks and heads")
        }
        self.config = config
        let d = config.dim
        let bias = config.bias
        func blocks(_ name: String, _ count: Int, channels: Int, heads: Int) throws -> [RestormerBlock] {
            try (0..<count).map { try RestormerBlock(w, prefix: "\(name).\($0)", channels: channels, heads: heads, config: config) }
        }
        patchEmbed = try w.conv("patch_embed.proj", out: d, in: config.inChannels, kernel: 3, padding: 1, bias: false)
        encoder1 = try blocks("encoder_level1", config.blocks[0], channels: d, heads: config.heads[0])
        down12 = try w.conv("down1_2.body.0", out: d / 2, in: d, kernel: 3, padding: 1, bias: false)
        encoder2 = try blocks("encoder_level2", config.blocks[1], channels: 2 * d, heads: config.heads[1])
        down23 = try w.conv("down2_3.body.0", out: d, in: 2 * d, kernel: 3, padding: 1, bias: false)
        encoder3 = try blocks("encoder_level3", config.blocks[2], channels: 4 * d, heads: config.heads[2])
        down34 = try w.conv("down3_4.body.0", out: 2 * d, in: 4 * d, kernel: 3, padding: 1, bias: false)
        latent = try blocks("latent", config.blocks[3], channels: 8 * d, heads: config.heads[3])
        up43 = try w.conv("up4_3.body.0", out: 2 * latentWidth, in: latentWidth, kernel: 3, padding: 1, bias: false)
        reduce3 = try w.conv("reduce_chan_level3", out: 4 * d, in: latentWidth / 2 + 4 * d, kernel: 1, bias: bias)
        decoder3 = try blocks("decoder_level3", config.blocks[2], channels: 4 * d, heads: config.heads[2])
        up32 = try w.conv("up3_2.body.0", out: 8 * d, in: 4 * d, kernel: 3, padding: 1, bias: false)
        reduce2 = try w.conv("reduce_chan_level2", out: 2 * d, in: 4 * d, kernel: 1, bias: bias)
        decoder2 = try blocks("decoder_level2", config.blocks[1], channels: 2 * d, heads: config.heads[1])
        up21 = try w.conv("up2_1.body.0", out: 4 * d, in: 2 * d, kernel: 3, padding: 1, bias: false)
        decoder1 = try blocks("decoder_level1", config.blocks[0], channels: 2 * d, heads: config.heads[0])
        refinement = try blocks("refinement", config.refinementBlocks, channels: 2 * d, heads: config.heads[0])
        output = try w.conv("output", out: config.outChannels, in: 2 * d, kernel: 3, padding: 1, bias: bias)
    }

    func run(_ input: PlanarMap, stages: Stages = Stages()) -> PlanarMap {
        let m = RestormerConfig.padMultiple
        let padded = input.padded(height: (input.height + m - 1) / m * m, width: (input.width + m - 1) / m * m, mode: .reflect)
        func through(_ blocks: [RestormerBlock], _ x: PlanarMap) -> PlanarMap { blocks.reduce(x) { $1($0) } }
        let e1 = through(encoder1, patchEmbed(padded))
        let e2 = through(encoder2, ChannelOps.pixelUnshuffle2(down12(e1)))
        let e3 = through(encoder3, ChannelOps.pixelUnshuffle2(down23(e2)))
        let l4 = stages.afterLatent(through(latent, ChannelOps.pixelUnshuffle2(down34(e3))))
        let d3 = stages.afterDecoder3(through(decoder3, reduce3(ChannelOps.pixelShuffle2(up43(l4)).concatenated(with: e3))))
        let d2 = stages.afterDecoder2(through(decoder2, reduce2(ChannelOps.pixelShuffle2(up32(d3)).concatenated(with: e2))))
        let d1 = through(refinement, through(decoder1, ChannelOps.pixelShuffle2(up21(d2)).concatenated(with: e1)))
        var out = padded
        output.apply(d1, into: &out, accumulate: true)
        return out.cropped(height: input.height, width: input.width)
    }

    /// Level 1 runs at 2 * dim channels in the decoder: the block input, its norm, qkv before
    /// and after the depthwise conv (2 x 6 dim), the GDFN's 2 x hidden maps, plus skips.
    var level1BytesPerPixel: Int {
        let d = config.dim
        return 4 * (4 * d + 12 * d + 3 * config.hiddenWidth(channels: 2 * d) + 2 * d + 6)
    }
}
