/// NAFNet (Chen et al. 2022, megvii-research/NAFNet `NAFNet` / `NAFNetLocal`): a U-Net of
/// NAFBlocks with 2x2 stride-2 downsampling, 1x1 + PixelShuffle upsampling, additive skips and
/// a global residual. Inputs are zero-padded on the right and bottom to a multiple of 2^levels.
/// The residual goes to the last `outChannels` input channels: all of them in the usual
/// 3-in/3-out network, the generated image in GenDeg's 6-in/3-out structure corrector
/// (`NAFNet_Combine`: `ending(x) + inp[:, 3:6]`).
struct NAFNet: LearnedNetwork {
    let config: NAFNetConfig
    let intro: DenseConv
    let ending: DenseConv
    let encoders: [[NAFBlock]]
    let downs: [DenseConv]
    let middle: [NAFBlock]
    let ups: [DenseConv]
    let decoders: [[NAFBlock]]

    init(_ w: WeightLoader, config: NAFNetConfig) throws {
        guard config.encoderBlocks.count == config.decoderBlocks.count else {
            throw ModelLoadError.unsupportedConfig(
                "\(w.source): NAFNet with \(config.encoderBlocks.count) encoder levels but \(config.decoderBlocks.count) decoder levels")
        }
        self.config = config
        let image = config.inChannels
        var channels = config.width
        intro = try w.conv("intro", out: channels, in: image, kernel: 3, padding: 1, bias: true)
        guard config.outChannels <= image else {
            throw ModelLoadError.unsupportedConfig(
                "\(w.source): NAFNet with \(image) input but \(config.outChannels) output channels has no input to add its residual to")
        }
        ending = try w.conv("ending", out: config.outChannels, in: channels, kernel: 3, padding: 1, bias: true)
        var encoders: [[NAFBlock]] = []
        var downs: [DenseConv] = []
        for (level, count) in config.encoderBlocks.enumerated() {
            encoders.append(try (0..<count).map {
                try NAFBlock(w, prefix: "encoders.\(level).\($0)", channels: channels, localKernel: config.tlcKernel(level: level))
            })
            downs.append(try w.conv("downs.\(level)", out: 2 * channels, in: channels, kernel: 2, stride: 2, bias: true))
            channels *= 2
        }
        let levels = config.encoderBlocks.count
        middle = try (0..<config.middleBlocks).map {
            try NAFBlock(w, prefix: "middle_blks.\($0)", channels: channels, localKernel: config.tlcKernel(level: levels))
        }
        var ups: [DenseConv] = []
        var decoders: [[NAFBlock]] = []
        for (index, count) in config.decoderBlocks.enumerated() {
            ups.append(try w.conv("ups.\(index).0", out: 2 * channels, in: channels, kernel: 1, bias: false))
            channels /= 2
            let level = levels - 1 - index
            decoders.append(try (0..<count).map {
                try NAFBlock(w, prefix: "decoders.\(index).\($0)", channels: channels, localKernel: config.tlcKernel(level: level))
            })
        }
        self.encoders = encoders
        self.downs = downs
        self.ups = ups
        self.decoders = decoders
        try w.checkAllUsed(architecture: "NAFNet")
    }

    func run(_ input: PlanarMap) -> PlanarMap {
        let m = config.padMultiple
        let padded = input.padded(height: (input.height + m - 1) / m * m, width: (input.width + m - 1) / m * m, mode: .zero)
        var x = intro(padded)
        var skips: [PlanarMap] = []
        for (blocks, down) in zip(encoders, downs) {
            for block in blocks { x = block(x) }
            skips.append(x)
            x = down(x)
        }
        for block in middle { x = block(x) }
        for (blocks, (up, skip)) in zip(decoders, zip(ups, skips.reversed())) {
            x = ChannelOps.pixelShuffle2(up(x), adding: skip)
            for block in blocks { x = block(x) }
        }
        var out = padded.channels == config.outChannels
            ? padded : padded.channels(padded.channels - config.outChannels, count: config.outChannels)
        ending.apply(x, into: &out, accumulate: true)
        return out.cropped(height: input.height, width: input.width)
    }

    var tiling: TilingTraits {
        // Alive at the widest point: the skips (about 2 * width per pixel over all levels) plus a
        // block's working maps (input, norm, 2x expansion, gate, output: about 7 * width).
        TilingTraits(bytesPerPixel: 4 * (9 * config.width + 6), overlap: 32, multiple: config.padMultiple, localOnly: false)
    }
}
