/// PromptIR (Potlapalli et al., NeurIPS 2023): a Restormer U-Net whose decoder is prompted after
/// the latent and after decoder levels 3 and 2. Each prompt stage concatenates a generated prompt
/// (`PromptGenBlock`) to the features, runs one transformer block (noise_level_i) on the
/// concatenation and reduces it with a 1x1 conv (reduce_noise_level_i): to 4d after the latent
/// (so `up4_3` starts from 4d, not Restormer's 8d), back to 4d and 2d after levels 3 and 2.
/// Inputs are reflect-padded to a multiple of 8 (the official demo's pad_input).
struct PromptIR: LearnedNetwork {
    /// One prompt stage: cat([x, prompt(x)]) -> transformer block -> 1x1 conv.
    struct PromptStage: Sendable {
        let prompt: PromptGenBlock
        let block: RestormerBlock
        let reduce: DenseConv

        init(_ w: WeightLoader, level: Int, config: PromptIRConfig, inputChannels: Int, outputChannels: Int) throws {
            let prompt = config.prompts[level - 1]
            let width = inputChannels + prompt.channels
            self.prompt = try PromptGenBlock(w, prefix: "prompt\(level)", prompt: prompt, inputChannels: inputChannels)
            block = try RestormerBlock(w, prefix: "noise_level\(level)", channels: width, heads: config.noiseHeads[level - 1],
                                       config: config.backbone)
            reduce = try w.conv("reduce_noise_level\(level)", out: outputChannels, in: width, kernel: 1, bias: config.backbone.bias)
        }

        func callAsFunction(_ x: PlanarMap) -> PlanarMap {
            reduce(block(x.concatenated(with: prompt(x))))
        }
    }

    let config: PromptIRConfig
    let unet: RestormerUNet
    let latentStage: PromptStage, level3Stage: PromptStage, level2Stage: PromptStage

    init(_ w: WeightLoader, config: PromptIRConfig) throws {
        guard config.prompts.count == 3, config.noiseHeads.count == 3 else {
            throw ModelLoadError.unsupportedConfig("\(w.source): PromptIR needs 3 prompt stages")
        }
        self.config = config
        let d = config.backbone.dim
        unet = try RestormerUNet(w, config: config.backbone, latentWidth: 4 * d, architecture: "PromptIR")
        latentStage = try PromptStage(w, level: 3, config: config, inputChannels: 8 * d, outputChannels: 4 * d)
        level3Stage = try PromptStage(w, level: 2, config: config, inputChannels: 4 * d, outputChannels: 4 * d)
        level2Stage = try PromptStage(w, level: 1, config: config, inputChannels: 2 * d, outputChannels: 2 * d)
        for name in PromptIRConfig.unusedTensors {
            if let shape = w.shape(name) { _ = try w.take(name, shape: shape) }
        }
        try w.checkAllUsed(architecture: "PromptIR")
    }

    func run(_ input: PlanarMap) -> PlanarMap {
        let (latentStage, level3Stage, level2Stage) = (self.latentStage, self.level3Stage, self.level2Stage)
        return unet.run(input, stages: RestormerUNet.Stages(afterLatent: { latentStage($0) }, afterDecoder3: { level3Stage($0) },
                                                            afterDecoder2: { level2Stage($0) }))
    }

    var tiling: TilingTraits {
        // Level 1 (as Restormer's) dominates; noise_level1 runs at 2d + prompt channels on a quarter of the pixels.
        let width = 2 * config.backbone.dim + config.prompts[0].channels
        let noiseLevel1 = 4 * (3 * width + 6 * width + 3 * config.backbone.hiddenWidth(channels: width)) / 4
        return TilingTraits(bytesPerPixel: unet.level1BytesPerPixel + noiseLevel1, overlap: 32,
                            multiple: RestormerConfig.padMultiple, localOnly: false)
    }
}
