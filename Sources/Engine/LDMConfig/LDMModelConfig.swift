import Foundation

/// The architecture an LDM / InstructPix2Pix / GenDeg OmegaConf YAML states (the layout of GenDeg's
/// `configs/generate.yaml`): what a bare `.ckpt` cannot say about itself. Each field the file
/// gives replaces what was read from the weights' shapes; what it leaves out stays inferred.
public struct LDMModelConfig: Sendable, Equatable {
    public let path: String
    public var unetInChannels: Int?, unetOutChannels: Int?
    public var modelChannels: Int?, channelMult: [Int]?, numResBlocks: Int?
    public var attentionResolutions: [Int]?
    public var numHeads: Int?, numHeadChannels: Int?
    public var transformerDepth: Int?, contextDim: Int?
    public var vaeChannels: Int?, vaeChannelMult: [Int]?, vaeResBlocks: Int?, zChannels: Int?
    public var vaeInChannels: Int?, vaeOutChannels: Int?
    public var scaleFactor: Double?
    /// Latent side the model was trained at (`model.params.image_size`).
    public var latentSize: Int?
    /// Text encoder heads (`cond_stage_config.params.num_heads`); CLIP's own configs carry none.
    public var textHeads: Int?

    public static func read(_ path: String) throws -> LDMModelConfig {
        try LDMModelConfig(yaml: YAMLReader.read(path), path: path)
    }

    public init(yaml root: YAMLValue, path: String) throws {
        self.path = path
        guard case .map = root, let params = root["model.params"] else {
            throw YAMLError(path: path, line: 0, reason: "no model.params mapping (not an LDM config like GenDeg's configs/generate.yaml)")
        }
        guard let unet = params["unet_config.params"] else {
            throw YAMLError(path: path, line: 0, reason: "no model.params.unet_config.params")
        }
        func int(_ node: YAMLValue, _ key: String, in section: String) throws -> Int? {
            guard let value = node[key], value != .null else { return nil }
            guard let number = value.int else { throw YAMLError(path: path, line: 0, reason: "\(section).\(key) is not an integer") }
            return number
        }
        func ints(_ node: YAMLValue, _ key: String, in section: String) throws -> [Int]? {
            guard let value = node[key], value != .null else { return nil }
            guard let numbers = value.ints else { throw YAMLError(path: path, line: 0, reason: "\(section).\(key) is not a list of integers") }
            return numbers
        }
        let u = "model.params.unet_config.params"
        unetInChannels = try int(unet, "in_channels", in: u)
        unetOutChannels = try int(unet, "out_channels", in: u)
        modelChannels = try int(unet, "model_channels", in: u)
        channelMult = try ints(unet, "channel_mult", in: u)
        numResBlocks = try int(unet, "num_res_blocks", in: u)
        attentionResolutions = try ints(unet, "attention_resolutions", in: u)
        // LDM writes -1 for "not set": heads then come from the other of the two.
        numHeads = try int(unet, "num_heads", in: u).flatMap { $0 > 0 ? $0 : nil }
        numHeadChannels = try int(unet, "num_head_channels", in: u).flatMap { $0 > 0 ? $0 : nil }
        if let depths = try ints(unet, "transformer_depth", in: u) {
            guard let first = depths.first, depths.allSatisfy({ $0 == first }), first >= 1 else {
                throw YAMLError(path: path, line: 0, reason: "\(u).transformer_depth: only one depth for every level is supported")
            }
            transformerDepth = first
        }
        contextDim = try int(unet, "context_dim", in: u)
        if let dd = params["first_stage_config.params.ddconfig"] {
            let d = "model.params.first_stage_config.params.ddconfig"
            vaeChannels = try int(dd, "ch", in: d)
            vaeChannelMult = try ints(dd, "ch_mult", in: d)
            vaeResBlocks = try int(dd, "num_res_blocks", in: d)
            zChannels = try int(dd, "z_channels", in: d)
            vaeInChannels = try int(dd, "in_channels", in: d)
            vaeOutChannels = try int(dd, "out_ch", in: d)
        }
        if let scale = params["scale_factor"], scale != .null {
            guard let value = scale.double else { throw YAMLError(path: path, line: 0, reason: "model.params.scale_factor is not a number") }
            scaleFactor = value
        }
        latentSize = try int(params, "image_size", in: "model.params")
        if let text = params["cond_stage_config.params"] {
            textHeads = try int(text, "num_heads", in: "model.params.cond_stage_config.params")
        }
    }

    /// `inferred` with every field this file states.
    public func applying(to inferred: UNetConfig) throws -> UNetConfig {
        var c = inferred
        if let unetInChannels { c.inChannels = unetInChannels }
        if let unetOutChannels { c.outChannels = unetOutChannels }
        let mult = channelMult ?? inferred.blockOutChannels.map { $0 / max(inferred.blockOutChannels[0], 1) }
        if let modelChannels { c.blockOutChannels = mult.map { $0 * modelChannels } }
        else if channelMult != nil { c.blockOutChannels = mult.map { $0 * inferred.blockOutChannels[0] } }
        if let numResBlocks { c.layersPerBlock = numResBlocks }
        // LDM counts attention levels by downsampling factor: level i runs at 2^i.
        if let attentionResolutions { c.downBlockHasAttention = c.blockOutChannels.indices.map { attentionResolutions.contains(1 << $0) } }
        else if c.downBlockHasAttention.count != c.blockOutChannels.count {
            throw YAMLError(path: path, line: 0, reason: "channel_mult gives \(c.blockOutChannels.count) levels but attention_resolutions is missing")
        }
        if let numHeadChannels { c.attentionHeadChannels = numHeadChannels; c.levelAttentionHeads = nil }
        else if let numHeads { c.attentionHeads = numHeads; c.attentionHeadChannels = nil; c.levelAttentionHeads = nil }
        if let transformerDepth { c.transformerDepth = transformerDepth; c.levelTransformerDepth = nil }
        // Per-level lists inferred for another level count no longer describe this UNet.
        if c.levelAttentionHeads?.count != nil && c.levelAttentionHeads?.count != c.blockOutChannels.count { c.levelAttentionHeads = nil }
        if c.levelTransformerDepth?.count != nil && c.levelTransformerDepth?.count != c.blockOutChannels.count { c.levelTransformerDepth = nil }
        if let contextDim { c.crossAttentionDim = contextDim }
        return c
    }

    public func applying(to inferred: VAEConfig) -> VAEConfig {
        var c = inferred
        if let vaeChannels, let vaeChannelMult { c.blockOutChannels = vaeChannelMult.map { $0 * vaeChannels } }
        if let vaeResBlocks { c.layersPerBlock = vaeResBlocks }
        if let zChannels { c.latentChannels = zChannels }
        if let vaeInChannels { c.inChannels = vaeInChannels }
        if let vaeOutChannels { c.outChannels = vaeOutChannels }
        if let scaleFactor { c.scalingFactor = Float(scaleFactor) }
        return c
    }

    public func applying(to inferred: CLIPTextConfig) -> CLIPTextConfig {
        var c = inferred
        if let textHeads { c.heads = textHeads }
        return c
    }

    /// The image side the model was trained at: latent side x the VAE's downsampling.
    public func resolution(vae: VAEConfig) -> Int? {
        latentSize.map { $0 << max(vae.blockOutChannels.count - 1, 0) }
    }

    /// `NAME.yaml` (or `.yml`) beside `NAME.ckpt`, as the Stable Diffusion tools look for it.
    public static func besideCheckpoint(_ checkpoint: String) -> String? {
        let url = URL(fileURLWithPath: checkpoint).deletingPathExtension()
        return ["yaml", "yml"].map { url.appendingPathExtension($0).path }.first { FileManager.default.fileExists(atPath: $0) }
    }
}
