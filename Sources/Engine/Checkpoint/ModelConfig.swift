/// Architecture hyperparameters read back from weight names and shapes, so a checkpoint
/// can be loaded without its training config. Names are diffusers names (UNet, VAE, CLIP);
/// NAFNetConfig.infer and RestormerConfig.infer live with those models (Models/NAFNet, Models/Restormer).
public struct InferredUNetConfig: Equatable, Sendable {
    public var inChannels: Int
    public var outChannels: Int
    public var blockOutChannels: [Int]
    public var layersPerBlock: Int
    /// Whether each down block has cross-attention transformers.
    public var attentionBlocks: [Bool]
    public var transformerDepth: Int
    public var crossAttentionDim: Int

    public static func infer(_ shape: (String) -> [Int]?) -> InferredUNetConfig? {
        guard let convIn = shape("conv_in.weight"), convIn.count == 4, let outChannels = shape("conv_out.weight")?.first else {
            return nil
        }
        var widths: [Int] = []
        var attention: [Bool] = []
        while let width = shape("down_blocks.\(widths.count).resnets.0.conv1.weight")?.first {
            attention.append(shape("down_blocks.\(widths.count).attentions.0.norm.weight") != nil)
            widths.append(width)
        }
        var layers = 0
        while shape("down_blocks.0.resnets.\(layers).conv1.weight") != nil { layers += 1 }
        var depth = 0
        while shape("mid_block.attentions.0.transformer_blocks.\(depth).norm1.weight") != nil { depth += 1 }
        let context = shape("mid_block.attentions.0.transformer_blocks.0.attn2.to_k.weight")?.last ?? 0
        return InferredUNetConfig(inChannels: convIn[1], outChannels: outChannels, blockOutChannels: widths, layersPerBlock: layers,
                          attentionBlocks: attention, transformerDepth: depth, crossAttentionDim: context)
    }
}

public struct InferredVAEConfig: Equatable, Sendable {
    public var blockOutChannels: [Int]
    public var layersPerBlock: Int
    public var latentChannels: Int
    public var imageChannels: Int

    public static func infer(_ shape: (String) -> [Int]?) -> InferredVAEConfig? {
        guard let convIn = shape("encoder.conv_in.weight"), convIn.count == 4,
              let decoderIn = shape("decoder.conv_in.weight"), decoderIn.count == 4 else { return nil }
        var widths: [Int] = []
        while let width = shape("encoder.down_blocks.\(widths.count).resnets.0.conv1.weight")?.first { widths.append(width) }
        var layers = 0
        while shape("encoder.down_blocks.0.resnets.\(layers).conv1.weight") != nil { layers += 1 }
        return InferredVAEConfig(blockOutChannels: widths, layersPerBlock: layers, latentChannels: decoderIn[1], imageChannels: convIn[1])
    }
}

public struct InferredCLIPTextConfig: Equatable, Sendable {
    public var width: Int
    public var layers: Int
    public var intermediateSize: Int
    public var vocabularySize: Int
    public var maximumPositions: Int

    public static func infer(_ shape: (String) -> [Int]?) -> InferredCLIPTextConfig? {
        guard let tokens = shape("text_model.embeddings.token_embedding.weight"), tokens.count == 2,
              let positions = shape("text_model.embeddings.position_embedding.weight"), positions.count == 2 else { return nil }
        var layers = 0
        while shape("text_model.encoder.layers.\(layers).mlp.fc1.weight") != nil { layers += 1 }
        let hidden = shape("text_model.encoder.layers.0.mlp.fc1.weight")?.first ?? 0
        return InferredCLIPTextConfig(width: tokens[1], layers: layers, intermediateSize: hidden, vocabularySize: tokens[0],
                              maximumPositions: positions[0])
    }
}
