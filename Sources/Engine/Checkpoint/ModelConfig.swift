/// Architecture hyperparameters read back from weight names and shapes, so a checkpoint
/// can be loaded without its training config. Names are diffusers names (UNet, VAE, CLIP)
/// or the original ones (NAFNet, Restormer).
public struct UNetConfig: Equatable, Sendable {
    public var inChannels: Int
    public var outChannels: Int
    public var blockOutChannels: [Int]
    public var layersPerBlock: Int
    /// Whether each down block has cross-attention transformers.
    public var attentionBlocks: [Bool]
    public var transformerDepth: Int
    public var crossAttentionDim: Int

    public static func infer(_ shape: (String) -> [Int]?) -> UNetConfig? {
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
        return UNetConfig(inChannels: convIn[1], outChannels: outChannels, blockOutChannels: widths, layersPerBlock: layers,
                          attentionBlocks: attention, transformerDepth: depth, crossAttentionDim: context)
    }
}

public struct VAEConfig: Equatable, Sendable {
    public var blockOutChannels: [Int]
    public var layersPerBlock: Int
    public var latentChannels: Int
    public var imageChannels: Int

    public static func infer(_ shape: (String) -> [Int]?) -> VAEConfig? {
        guard let convIn = shape("encoder.conv_in.weight"), convIn.count == 4,
              let decoderIn = shape("decoder.conv_in.weight"), decoderIn.count == 4 else { return nil }
        var widths: [Int] = []
        while let width = shape("encoder.down_blocks.\(widths.count).resnets.0.conv1.weight")?.first { widths.append(width) }
        var layers = 0
        while shape("encoder.down_blocks.0.resnets.\(layers).conv1.weight") != nil { layers += 1 }
        return VAEConfig(blockOutChannels: widths, layersPerBlock: layers, latentChannels: decoderIn[1], imageChannels: convIn[1])
    }
}

public struct CLIPTextConfig: Equatable, Sendable {
    public var width: Int
    public var layers: Int
    public var intermediateSize: Int
    public var vocabularySize: Int
    public var maximumPositions: Int

    public static func infer(_ shape: (String) -> [Int]?) -> CLIPTextConfig? {
        guard let tokens = shape("text_model.embeddings.token_embedding.weight"), tokens.count == 2,
              let positions = shape("text_model.embeddings.position_embedding.weight"), positions.count == 2 else { return nil }
        var layers = 0
        while shape("text_model.encoder.layers.\(layers).mlp.fc1.weight") != nil { layers += 1 }
        let hidden = shape("text_model.encoder.layers.0.mlp.fc1.weight")?.first ?? 0
        return CLIPTextConfig(width: tokens[1], layers: layers, intermediateSize: hidden, vocabularySize: tokens[0],
                              maximumPositions: positions[0])
    }
}

public struct NAFNetConfig: Equatable, Sendable {
    public var inChannels: Int
    public var outChannels: Int
    public var width: Int
    public var encoderBlocks: [Int]
    public var middleBlocks: Int
    public var decoderBlocks: [Int]

    public static func infer(_ shape: (String) -> [Int]?) -> NAFNetConfig? {
        guard let intro = shape("intro.weight"), intro.count == 4, let outChannels = shape("ending.weight")?.first else { return nil }
        func count(_ prefix: String) -> [Int] {
            var stages: [Int] = []
            while true {
                var blocks = 0
                while shape("\(prefix).\(stages.count).\(blocks).conv1.weight") != nil { blocks += 1 }
                if blocks == 0 { return stages }
                stages.append(blocks)
            }
        }
        var middle = 0
        while shape("middle_blks.\(middle).conv1.weight") != nil { middle += 1 }
        return NAFNetConfig(inChannels: intro[1], outChannels: outChannels, width: intro[0], encoderBlocks: count("encoders"),
                            middleBlocks: middle, decoderBlocks: count("decoders"))
    }
}

public struct RestormerConfig: Equatable, Sendable {
    public var inChannels: Int
    public var outChannels: Int
    public var dim: Int
    /// Transformer blocks at levels 1-3 and the latent level.
    public var blocks: [Int]
    public var refinementBlocks: Int
    public var heads: [Int]

    public static func infer(_ shape: (String) -> [Int]?) -> RestormerConfig? {
        guard let embed = shape("patch_embed.proj.weight"), embed.count == 4, let outChannels = shape("output.weight")?.first else {
            return nil
        }
        func blocks(_ prefix: String) -> Int {
            var count = 0
            while shape("\(prefix).\(count).attn.temperature") != nil { count += 1 }
            return count
        }
        let levels = ["encoder_level1", "encoder_level2", "encoder_level3", "latent"]
        return RestormerConfig(inChannels: embed[1], outChannels: outChannels, dim: embed[0], blocks: levels.map(blocks),
                               refinementBlocks: blocks("refinement"),
                               heads: levels.map { shape("\($0).0.attn.temperature")?.first ?? 0 })
    }
}
