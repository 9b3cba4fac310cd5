extension RestormerConfig {
    /// Restormer's configuration from a checkpoint's tensors (names without prefixes), nil when
    /// the Restormer U-Net's tensors are not all there; as spandrel-extra-arches reads it. Part of
    /// `LearnedArchitecture.identify`, and how PromptIR's backbone is read.
    static func detect(_ shapes: [String: [Int]], source: String) throws -> RestormerConfig? {
        let required = ["patch_embed.proj.weight", "encoder_level1.0.norm1.body.weight", "encoder_level1.0.attn.temperature",
                        "encoder_level1.0.attn.qkv.weight", "encoder_level1.0.ffn.project_out.weight", "down1_2.body.0.weight",
                        "encoder_level2.0.attn.temperature", "encoder_level3.0.attn.temperature", "latent.0.attn.temperature",
                        "up4_3.body.0.weight", "reduce_chan_level3.weight", "decoder_level1.0.attn.temperature", "output.weight"]
        guard required.allSatisfy({ shapes[$0] != nil }) else { return nil }
        let names = Array(shapes.keys)
        func dimension(_ name: String, _ index: Int) throws -> Int {
            guard let shape = shapes[name], shape.count > index else {
                throw LearnedRestorerError.missingTensor(name, checkpoint: source)
            }
            return shape[index]
        }
        func length(_ prefix: String) -> Int { LearnedWeights.sequenceLength(prefix, in: names) }
        let levels = ["encoder_level1", "encoder_level2", "encoder_level3", "latent"]
        let dim = try dimension("patch_embed.proj.weight", 0)
        let hidden = try dimension("encoder_level1.0.ffn.project_out.weight", 1)
        return RestormerConfig(
            inChannels: try dimension("patch_embed.proj.weight", 1), outChannels: try dimension("output.weight", 0), dim: dim,
            blocks: levels.map(length), refinementBlocks: length("refinement"),
            heads: try levels.map { try dimension("\($0).0.attn.temperature", 0) },
            ffnExpansionFactor: hidden == Int(Double(dim) * 2.66) ? 2.66 : Double(hidden) / Double(dim),
            bias: shapes["encoder_level1.0.attn.qkv.bias"] != nil,
            layerNorm: shapes["encoder_level1.0.norm1.body.bias"] != nil ? .withBias : .biasFree)
    }
}
