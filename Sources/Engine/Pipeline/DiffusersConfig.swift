import Foundation

/// Reads diffusers / transformers config.json files into the engine's configurations.
enum DiffusersConfig {
    static func object(at path: String) throws -> [String: Any]? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        let parsed: Any
        do {
            parsed = try JSONSerialization.jsonObject(with: InputFile.read(path))
        } catch let error as FileError {
            throw GenDegModelError.badConfig(path, error.reason)
        } catch {
            throw GenDegModelError.badConfig(path, "not readable JSON (\(error.localizedDescription))")
        }
        guard let object = parsed as? [String: Any] else { throw GenDegModelError.badConfig(path, "not a JSON object") }
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

    /// An int, or a list with one int per down block; nil when absent or null.
    static func perLevel(_ object: [String: Any], _ key: String, _ path: String, levels: Int) throws -> [Int]? {
        guard let value = object[key], !(value is NSNull) else { return nil }
        if let single = value as? Int { return [Int](repeating: single, count: levels) }
        if let list = value as? [Int] {
            guard list.count == levels else {
                throw GenDegModelError.badConfig(path, "'\(key)' lists \(list.count) values for \(levels) blocks")
            }
            return list
        }
        throw GenDegModelError.badConfig(path, "'\(key)' is neither a number nor a list of numbers")
    }

    /// UNet2DConditionModel's config.json in the forms diffusers writes and reads: heads from
    /// `num_attention_heads`, else from `attention_head_dim` (which diffusers' UNet2DCondition
    /// takes as the head count), either an int or one per block; `transformer_layers_per_block`
    /// and `cross_attention_dim` as an int or per block; `use_linear_projection` either way
    /// (the projections are read as linear layers from 1x1 convolutions or matrices alike).
    static func unet(at path: String) throws -> UNetConfig? {
        guard let c = try object(at: path) else { return nil }
        let widths = try ints(c, "block_out_channels", path)
        let downTypes = c["down_block_types"] as? [String] ?? widths.map { _ in "CrossAttnDownBlock2D" }
        guard downTypes.count == widths.count else {
            throw GenDegModelError.badConfig(path, "\(downTypes.count) down_block_types for \(widths.count) block_out_channels")
        }
        for type in downTypes where !["CrossAttnDownBlock2D", "DownBlock2D"].contains(type) {
            throw GenDegModelError.badConfig(path, "down block type '\(type)' is not supported (CrossAttnDownBlock2D or DownBlock2D)")
        }
        if let mid = c["mid_block_type"] as? String, mid != "UNetMidBlock2DCrossAttn" {
            throw GenDegModelError.badConfig(path, "mid block type '\(mid)' is not supported (UNetMidBlock2DCrossAttn)")
        }
        for key in ["class_embed_type", "addition_embed_type", "encoder_hid_dim", "reverse_transformer_layers_per_block"]
        where c[key] != nil && !(c[key] is NSNull) {
            throw GenDegModelError.badConfig(path, "'\(key)' is set; only Stable Diffusion 1.x/2.x style UNets are supported")
        }
        if let flip = c["flip_sin_to_cos"] as? Bool, !flip {
            throw GenDegModelError.badConfig(path, "'flip_sin_to_cos' false is not supported (Stable Diffusion uses true)")
        }
        if let shift = c["freq_shift"] as? Int, shift != 0 {
            throw GenDegModelError.badConfig(path, "'freq_shift' \(shift) is not supported (Stable Diffusion uses 0)")
        }
        let levels = widths.count
        let heads = try perLevel(c, "num_attention_heads", path, levels: levels)
            ?? perLevel(c, "attention_head_dim", path, levels: levels) ?? [Int](repeating: 8, count: levels)
        let depth = try perLevel(c, "transformer_layers_per_block", path, levels: levels) ?? [Int](repeating: 1, count: levels)
        guard let context = try perLevel(c, "cross_attention_dim", path, levels: levels) else {
            throw GenDegModelError.badConfig(path, "'cross_attention_dim' is missing")
        }
        guard Set(context).count == 1 else {
            throw GenDegModelError.badConfig(path, "'cross_attention_dim' differs between blocks (\(context)); one text encoder width is supported")
        }
        var config = UNetConfig(inChannels: try int(c, "in_channels", path), outChannels: try int(c, "out_channels", path),
                                blockOutChannels: widths, layersPerBlock: try int(c, "layers_per_block", path),
                                downBlockHasAttention: downTypes.map { $0.hasPrefix("CrossAttn") },
                                attentionHeads: heads[levels - 1], crossAttentionDim: context[0],
                                normGroups: try int(c, "norm_num_groups", path, default: 32),
                                normEps: Float(c["norm_eps"] as? Double ?? 1e-5), transformerDepth: depth[levels - 1])
        if Set(heads).count > 1 { config.levelAttentionHeads = heads }
        if Set(depth).count > 1 { config.levelTransformerDepth = depth }
        return config
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
