/// PromptIR's hyperparameters (va1shn9v/PromptIR `net/model.py`, `PromptIR(decoder=True)`), as
/// read from a checkpoint: a Restormer backbone plus a prompt stage after the latent and after
/// decoder levels 3 and 2.
public struct PromptIRConfig: Equatable, Sendable {
    /// One `PromptGenBlock`: `length` learned components of `channels` x `size` x `size`.
    public struct Prompt: Equatable, Sendable {
        public var length: Int
        public var channels: Int
        public var size: Int

        public init(length: Int, channels: Int, size: Int) {
            self.length = length
            self.channels = channels
            self.size = size
        }
    }

    /// dim, blocks, refinement blocks, heads, FFN factor, conv bias, layer norm.
    public var backbone: RestormerConfig
    /// prompt1 (after decoder level 2), prompt2 (after decoder level 3), prompt3 (after the latent).
    public var prompts: [Prompt]
    /// Heads of noise_level1-3, the transformer blocks on [features, prompt] (heads[2] officially).
    public var noiseHeads: [Int]

    public init(backbone: RestormerConfig, prompts: [Prompt], noiseHeads: [Int]) {
        self.backbone = backbone
        self.prompts = prompts
        self.noiseHeads = noiseHeads
    }

    /// The released all-in-one model (dehaze, derain, denoise): Restormer's default backbone,
    /// prompts of 5 components, 64/128/320 channels at 64/32/16 pixels.
    public static let official = PromptIRConfig(
        backbone: RestormerConfig(),
        prompts: [Prompt(length: 5, channels: 64, size: 64), Prompt(length: 5, channels: 128, size: 32),
                  Prompt(length: 5, channels: 320, size: 16)],
        noiseHeads: [4, 4, 4])

    /// Tensors the official class creates but its forward never uses (left from an earlier design).
    static let unusedTensors = ["chnl_reduce1", "chnl_reduce2", "chnl_reduce3",
                                "reduce_noise_channel_1", "reduce_noise_channel_2", "reduce_noise_channel_3"]
        .flatMap { ["\($0).weight", "\($0).bias"] }
}
