import Foundation

/// Maps CompVis/LDM checkpoint names to diffusers names, reproducing diffusers'
/// convert_ldm_unet_checkpoint, convert_ldm_vae_checkpoint and convert_ldm_clip_checkpoint
/// (diffusers/loaders/single_file_utils.py) name for name, including their substring
/// matching. Maps go from diffusers name to the source name in the checkpoint.
public enum LDMKeyMap {
    public static let unetPrefix = "model.diffusion_model."
    public static let emaPrefix = "model_ema."
    public static let vaePrefixes = ["first_stage_model.", "vae."]
    public static let clipPrefixes = ["cond_stage_model.transformer.", "conditioner.embedders.0.transformer."]
    /// GenDeg's conditioning projections live at the top level and keep their names.
    public static let passThroughPrefixes = ["stats_proj.", "cc_projection."]

    /// All components at once, diffusers names prefixed by their pipeline folder
    /// ("unet.", "vae.", "text_encoder."); GenDeg's stats_proj/cc_projection keep their names.
    public static func diffusersNames(for ldmNames: [String], useEMA: Bool) -> [String: String] {
        var result: [String: String] = [:]
        for (name, source) in unet(ldmNames, useEMA: useEMA) { result["unet." + name] = source }
        for (name, source) in vae(ldmNames) { result["vae." + name] = source }
        for (name, source) in textEncoder(ldmNames) { result["text_encoder." + name] = source }
        for name in ldmNames where passThroughPrefixes.contains(where: name.hasPrefix) { result[name] = name }
        return result
    }

    /// The EMA shadow name LitEma gives a UNet parameter: dots removed after "model.".
    public static func emaName(for ldmName: String) -> String {
        emaPrefix + ldmName.split(separator: ".", omittingEmptySubsequences: false).dropFirst().joined()
    }

    // MARK: Rename rules, applied in order as diffusers' chained `replace` calls are

    /// A UNet resnet's layers (followed by the block's own old -> new rule).
    static let unetResnetRules = [
        KeyRenameRule("in_layers.0", "norm1"), KeyRenameRule("in_layers.2", "conv1"),
        KeyRenameRule("out_layers.0", "norm2"), KeyRenameRule("out_layers.3", "conv2"),
        KeyRenameRule("emb_layers.1", "time_emb_proj"), KeyRenameRule("skip_connection", "conv_shortcut"),
    ]

    /// A VAE resnet's shortcut (after the block's own old -> new rule).
    static let vaeResnetRules = [KeyRenameRule("nin_shortcut", "conv_shortcut")]

    /// The VAE mid-block attention: 1x1 convolutions q, k, v, proj_out to diffusers' linear names.
    static let vaeAttentionRules = [
        KeyRenameRule("mid.attn_1", "mid_block.attentions.0"),
        KeyRenameRule("norm.weight", "group_norm.weight"), KeyRenameRule("norm.bias", "group_norm.bias"),
        KeyRenameRule("q.weight", "to_q.weight"), KeyRenameRule("q.bias", "to_q.bias"),
        KeyRenameRule("k.weight", "to_k.weight"), KeyRenameRule("k.bias", "to_k.bias"),
        KeyRenameRule("v.weight", "to_v.weight"), KeyRenameRule("v.bias", "to_v.bias"),
        KeyRenameRule("proj_out.weight", "to_out.0.weight"), KeyRenameRule("proj_out.bias", "to_out.0.bias"),
    ]

    // MARK: UNet

    public static func unet(_ ldmNames: [String], layersPerBlock: Int? = nil, useEMA: Bool) -> [String: String] {
        let available = Set(ldmNames)
        // Stripped UNet name -> checkpoint name, in checkpoint order.
        var stripped: [(String, String)] = []
        for name in ldmNames where name.hasPrefix(unetPrefix) {
            let ema = emaName(for: name)
            let source = useEMA && available.contains(ema) ? ema : name
            stripped.append((name.replacingOccurrences(of: unetPrefix, with: ""), source))
        }
        let sourceOf = Dictionary(stripped, uniquingKeysWith: { first, _ in first })
        let keys = stripped.map(\.0)
        let perBlock = (layersPerBlock ?? inferLayersPerBlock(unetNames: keys)) + 1
        var map: [String: String] = [:]

        let fixed: [(String, String)] = [
            ("time_embedding.linear_1.weight", "time_embed.0.weight"), ("time_embedding.linear_1.bias", "time_embed.0.bias"),
            ("time_embedding.linear_2.weight", "time_embed.2.weight"), ("time_embedding.linear_2.bias", "time_embed.2.bias"),
            ("conv_in.weight", "input_blocks.0.0.weight"), ("conv_in.bias", "input_blocks.0.0.bias"),
            ("conv_norm_out.weight", "out.0.weight"), ("conv_norm_out.bias", "out.0.bias"),
            ("conv_out.weight", "out.2.weight"), ("conv_out.bias", "out.2.bias"),
        ]
        for (diffusers, ldm) in fixed { if let source = sourceOf[ldm] { map[diffusers] = source } }

        func resnet(_ names: [String], old: String, new: String) {
            for name in names {
                map[KeyRenameRule.apply(unetResnetRules + [KeyRenameRule(old, new)], to: name)] = sourceOf[name]
            }
        }
        func attention(_ names: [String], old: String, new: String) {
            for name in names { map[name.replacingOccurrences(of: old, with: new)] = sourceOf[name] }
        }
        func blockCount(_ marker: String) -> Int {
            Set(keys.filter { $0.contains(marker) }.map { $0.split(separator: ".", omittingEmptySubsequences: false).prefix(2).joined(separator: ".") }).count
        }
        func copy(_ diffusers: String, from ldm: String) {
            if let source = sourceOf[ldm] { map[diffusers] = source }
        }

        let inputCount = blockCount("input_blocks")
        for index in stride(from: 1, to: inputCount, by: 1) {
            let block = (index - 1) / perBlock, layer = (index - 1) % perBlock
            let group = keys.filter { $0.contains("input_blocks.\(index)") }
            resnet(group.filter { $0.contains("input_blocks.\(index).0") && !$0.contains("input_blocks.\(index).0.op") },
                   old: "input_blocks.\(index).0", new: "down_blocks.\(block).resnets.\(layer)")
            if sourceOf["input_blocks.\(index).0.op.weight"] != nil {
                copy("down_blocks.\(block).downsamplers.0.conv.weight", from: "input_blocks.\(index).0.op.weight")
                copy("down_blocks.\(block).downsamplers.0.conv.bias", from: "input_blocks.\(index).0.op.bias")
            }
            attention(group.filter { $0.contains("input_blocks.\(index).1") },
                      old: "input_blocks.\(index).1", new: "down_blocks.\(block).attentions.\(layer)")
        }

        let middleCount = blockCount("middle_block")
        for index in 0..<middleCount {
            let group = keys.filter { $0.contains("middle_block.\(index)") }
            let target = max(index - 1, 0)
            if index % 2 == 0 {
                resnet(group, old: "middle_block.\(index)", new: "mid_block.resnets.\(target)")
            } else {
                attention(group, old: "middle_block.\(index)", new: "mid_block.attentions.\(target)")
            }
        }

        let outputCount = blockCount("output_blocks")
        for index in 0..<outputCount {
            let block = index / perBlock, layer = index % perBlock
            let group = keys.filter { $0.contains("output_blocks.\(index)") }
            resnet(group.filter { $0.contains("output_blocks.\(index).0") && !$0.contains("output_blocks.\(index).0.op") },
                   old: "output_blocks.\(index).0", new: "up_blocks.\(block).resnets.\(layer)")
            attention(group.filter { $0.contains("output_blocks.\(index).1") && !$0.contains("output_blocks.\(index).1.conv") },
                      old: "output_blocks.\(index).1", new: "up_blocks.\(block).attentions.\(layer)")
            for position in [1, 2] where sourceOf["output_blocks.\(index).\(position).conv.weight"] != nil {
                copy("up_blocks.\(block).upsamplers.0.conv.weight", from: "output_blocks.\(index).\(position).conv.weight")
                copy("up_blocks.\(block).upsamplers.0.conv.bias", from: "output_blocks.\(index).\(position).conv.bias")
            }
        }
        return map
    }

    /// Resolution levels times (layers per block + 1) output blocks: infers layers per block
    /// from the UNet names (stripped of "model.diffusion_model."); SD's 2 when unclear.
    public static func inferLayersPerBlock(unetNames: [String]) -> Int {
        var outputBlocks = Set<Int>()
        var downsamplers = 0
        for name in unetNames {
            let parts = name.split(separator: ".")
            if parts.count > 1, parts[0] == "output_blocks", let index = Int(parts[1]) { outputBlocks.insert(index) }
            if parts.count == 5, parts[0] == "input_blocks", parts[2] == "0", parts[3] == "op", parts[4] == "weight" {
                downsamplers += 1
            }
        }
        let levels = downsamplers + 1
        guard !outputBlocks.isEmpty, outputBlocks.count % levels == 0, outputBlocks.count / levels >= 2 else { return 2 }
        return outputBlocks.count / levels - 1
    }

    // MARK: VAE

    public static func vae(_ ldmNames: [String], blockCount: Int? = nil) -> [String: String] {
        var prefix = ""
        for candidate in vaePrefixes where ldmNames.contains(where: { $0.hasPrefix(candidate) }) { prefix = candidate }
        var stripped: [(String, String)] = []
        for name in ldmNames where name.hasPrefix(prefix) {
            stripped.append((prefix.isEmpty ? name : name.replacingOccurrences(of: prefix, with: ""), name))
        }
        let sourceOf = Dictionary(stripped, uniquingKeysWith: { _, last in last })
        let keys = stripped.map(\.0)
        var map: [String: String] = [:]

        let fixed: [(String, String)] = [
            ("encoder.conv_in.weight", "encoder.conv_in.weight"), ("encoder.conv_in.bias", "encoder.conv_in.bias"),
            ("encoder.conv_out.weight", "encoder.conv_out.weight"), ("encoder.conv_out.bias", "encoder.conv_out.bias"),
            ("encoder.conv_norm_out.weight", "encoder.norm_out.weight"), ("encoder.conv_norm_out.bias", "encoder.norm_out.bias"),
            ("decoder.conv_in.weight", "decoder.conv_in.weight"), ("decoder.conv_in.bias", "decoder.conv_in.bias"),
            ("decoder.conv_out.weight", "decoder.conv_out.weight"), ("decoder.conv_out.bias", "decoder.conv_out.bias"),
            ("decoder.conv_norm_out.weight", "decoder.norm_out.weight"), ("decoder.conv_norm_out.bias", "decoder.norm_out.bias"),
            ("quant_conv.weight", "quant_conv.weight"), ("quant_conv.bias", "quant_conv.bias"),
            ("post_quant_conv.weight", "post_quant_conv.weight"), ("post_quant_conv.bias", "post_quant_conv.bias"),
        ]
        for (diffusers, ldm) in fixed { if let source = sourceOf[ldm] { map[diffusers] = source } }

        func resnet(_ names: [String], old: String, new: String) {
            for name in names {
                map[KeyRenameRule.apply([KeyRenameRule(old, new)] + vaeResnetRules, to: name)] = sourceOf[name]
            }
        }
        func attention(_ names: [String]) {
            for name in names { map[KeyRenameRule.apply(vaeAttentionRules, to: name)] = sourceOf[name] }
        }
        func copy(_ diffusers: String, from ldm: String) {
            if let source = sourceOf[ldm] { map[diffusers] = source }
        }

        func midBlock(_ side: String) {
            let resnets = keys.filter { $0.contains("\(side).mid.block") }
            for index in 1...2 {
                resnet(resnets.filter { $0.contains("\(side).mid.block_\(index)") },
                       old: "mid.block_\(index)", new: "mid_block.resnets.\(index - 1)")
            }
            attention(keys.filter { $0.contains("\(side).mid.attn") })
        }

        let levels = blockCount ?? inferVAELevels(keys)
        for index in 0..<levels {
            let group = keys.filter { $0.contains("down.\(index)") }
            resnet(group.filter { $0.contains("down.\(index)") && !$0.contains("down.\(index).downsample") },
                   old: "down.\(index).block", new: "down_blocks.\(index).resnets")
            if sourceOf["encoder.down.\(index).downsample.conv.weight"] != nil {
                copy("encoder.down_blocks.\(index).downsamplers.0.conv.weight", from: "encoder.down.\(index).downsample.conv.weight")
                copy("encoder.down_blocks.\(index).downsamplers.0.conv.bias", from: "encoder.down.\(index).downsample.conv.bias")
            }
        }
        midBlock("encoder")
        for index in 0..<levels {
            let block = levels - 1 - index
            let group = keys.filter { $0.contains("up.\(block)") }
            resnet(group.filter { $0.contains("up.\(block)") && !$0.contains("up.\(block).upsample") },
                   old: "up.\(block).block", new: "up_blocks.\(index).resnets")
            if sourceOf["decoder.up.\(block).upsample.conv.weight"] != nil {
                copy("decoder.up_blocks.\(index).upsamplers.0.conv.weight", from: "decoder.up.\(block).upsample.conv.weight")
                copy("decoder.up_blocks.\(index).upsamplers.0.conv.bias", from: "decoder.up.\(block).upsample.conv.bias")
            }
        }
        midBlock("decoder")

        return map
    }

    static func inferVAELevels(_ names: [String]) -> Int {
        var levels = Set<Int>()
        for name in names {
            let parts = name.split(separator: ".")
            if parts.count > 2, parts[0] == "encoder", parts[1] == "down", let index = Int(parts[2]) { levels.insert(index) }
        }
        return levels.count
    }

    // MARK: CLIP text model

    public static func textEncoder(_ ldmNames: [String]) -> [String: String] {
        var map: [String: String] = [:]
        for name in ldmNames {
            for prefix in clipPrefixes where name.hasPrefix(prefix) {
                map[name.replacingOccurrences(of: prefix, with: "")] = name
            }
        }
        return map
    }
}
