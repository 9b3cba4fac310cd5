/// Architecture hyperparameters read back from weight names and shapes, so a checkpoint
/// can be loaded without its training config. Names are diffusers names (UNet, VAE, CLIP)
/// (NAFNet, Restormer and Zero-DCE are detected by LearnedArchitecture.identify). What shapes cannot tell (attention heads, norm
/// groups) takes Stable Diffusion's values where they divide the widths.
extension UNetConfig {
    public static func infer(_ shape: (String) -> [Int]?) -> UNetConfig? {
        guard let convIn = shape("conv_in.weight"), convIn.count == 4, let convOut = shape("conv_out.weight") else { return nil }
        var widths: [Int] = []
        var attention: [Bool] = []
        while let conv = shape("down_blocks.\(widths.count).resnets.0.conv1.weight") {
            attention.append(shape("down_blocks.\(widths.count).attentions.0.norm.weight") != nil)
            widths.append(conv[0])
        }
        guard !widths.isEmpty else { return nil }
        var layers = 0
        while shape("down_blocks.0.resnets.\(layers).conv1.weight") != nil { layers += 1 }
        var depth = 0
        while shape("mid_block.attentions.0.transformer_blocks.\(depth).norm1.weight") != nil { depth += 1 }
        let context = shape("mid_block.attentions.0.transformer_blocks.0.attn2.to_k.weight")?.last ?? 0
        let heads = widths.allSatisfy { $0 % 8 == 0 } ? 8 : 1
        let groups = [32, 16, 8, 4, 2, 1].first { g in widths.allSatisfy { $0 % g == 0 } } ?? 1
        return UNetConfig(inChannels: convIn[1], outChannels: convOut[0], blockOutChannels: widths, layersPerBlock: layers,
                          downBlockHasAttention: attention, attentionHeads: heads, crossAttentionDim: context,
                          normGroups: groups, transformerDepth: max(depth, 1))
    }
}

extension VAEConfig {
    public static func infer(_ shape: (String) -> [Int]?) -> VAEConfig? {
        guard let convIn = shape("encoder.conv_in.weight"), convIn.count == 4,
              let decoderIn = shape("decoder.conv_in.weight"), decoderIn.count == 4,
              let convOut = shape("decoder.conv_out.weight") else { return nil }
        var widths: [Int] = []
        while let conv = shape("encoder.down_blocks.\(widths.count).resnets.0.conv1.weight") { widths.append(conv[0]) }
        guard !widths.isEmpty else { return nil }
        var layers = 0
        while shape("encoder.down_blocks.0.resnets.\(layers).conv1.weight") != nil { layers += 1 }
        let groups = [32, 16, 8, 4, 2, 1].first { g in widths.allSatisfy { $0 % g == 0 } } ?? 1
        return VAEConfig(inChannels: convIn[1], outChannels: convOut[0], latentChannels: decoderIn[1], blockOutChannels: widths,
                         layersPerBlock: layers, normGroups: groups)
    }
}

extension CLIPTextConfig {
    public static func infer(_ shape: (String) -> [Int]?) -> CLIPTextConfig? {
        guard let tokens = shape("text_model.embeddings.token_embedding.weight"), tokens.count == 2,
              let positions = shape("text_model.embeddings.position_embedding.weight"), positions.count == 2 else { return nil }
        var layers = 0
        while shape("text_model.encoder.layers.\(layers).mlp.fc1.weight") != nil { layers += 1 }
        let hidden = shape("text_model.encoder.layers.0.mlp.fc1.weight")?.first ?? 0
        // CLIP's text towers use 64-wide heads.
        let heads = tokens[1] % 64 == 0 ? tokens[1] / 64 : 1
        return CLIPTextConfig(vocabularySize: tokens[0], hiddenSize: tokens[1], intermediateSize: hidden, layers: layers,
                              heads: heads, maxPositions: positions[0])
    }
}
