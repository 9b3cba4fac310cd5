import Foundation

/// Reads diffusers / transformers config.json files into the engine's configurations.
enum DiffusersConfig {
    static func object(at path: String) throws -> [String: Any]? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        guard let object = try JSONSerialization.jsonObject(with: InputFile.read(path)) as? [String: Any] else {
            throw GenDegModelError.badConfig(path, "not a JSON object")
        }
        return object
    }

    static func ints(_ object: [String: Any], _ key: String, _ path: String) throws -> [Int] {
        guard let value = object[key] as? [Int] else { throw GenDegModelError.badConfig(path, "'\(key)' is missing") }
        return value
    }

    static func int(_ object: [String: Any], _ key: String, _ path: String, default fallback: Int? = nil) throws -> Int {
        if let value = object[key] as? Int { return value }
        if let values = object[key] as? [Int], let first = values.first { return first }
        if let fallback { return fallback }
        throw GenDegModelError.badConfig(path, "'\(key)' is missing")
    }

    static func unet(at path: String) throws -> UNetConfig? {
        guard let c = try object(at: path) else { return nil }
        let widths = try ints(c, "block_out_channels", path)
        let downTypes = c["down_block_types"] as? [String] ?? widths.map { _ in "CrossAttnDownBlock2D" }
        return UNetConfig(inChannels: try int(c, "in_channels", path), outChannels: try int(c, "out_channels", path),
                          blockOutChannels: widths, layersPerBlock: try int(c, "layers_per_block", path),
                          downBlockHasAttention: downTypes.map { $0.hasPrefix("CrossAttn") },
                          attentionHeads: try int(c, "attention_head_dim", path, default: 8),
                          crossAttentionDim: try int(c, "cross_attention_dim", path),
                          normGroups: try int(c, "norm_num_groups", path, default: 32),
                          normEps: Float(c["norm_eps"] as? Double ?? 1e-5),
                          transformerDepth: try int(c, "transformer_layers_per_block", path, default: 1))
    }

    static func vae(at path: String) throws -> VAEConfig? {
        guard let c = try object(at: path) else { return nil }
        return VAEConfig(inChannels: try int(c, "in_channels", path, default: 3), outChannels: try int(c, "out_channels", path, default: 3),
                         latentChannels: try int(c, "latent_channels", path, default: 4),
                         blockOutChannels: try ints(c, "block_out_channels", path),
                         layersPerBlock: try int(c, "layers_per_block", path), normGroups: try int(c, "norm_num_groups", path, default: 32),
                         scalingFactor: Float(c["scaling_factor"] as? Double ?? 0.18215))
    }

    static func clipText(at path: String) throws -> CLIPTextConfig? {
        guard let c = try object(at: path) else { return nil }
        if let act = c["hidden_act"] as? String, act != "quick_gelu" {
            throw GenDegModelError.badConfig(path, "text encoder activation '\(act)' is not supported (CLIP uses quick_gelu)")
        }
        return CLIPTextConfig(vocabularySize: try int(c, "vocab_size", path), hiddenSize: try int(c, "hidden_size", path),
                              intermediateSize: try int(c, "intermediate_size", path), layers: try int(c, "num_hidden_layers", path),
                              heads: try int(c, "num_attention_heads", path),
                              maxPositions: try int(c, "max_position_embeddings", path, default: 77),
                              layerNormEps: Float(c["layer_norm_eps"] as? Double ?? 1e-5))
    }
}
