/// The learned restoration architectures gendeg runs, with the configuration a checkpoint implies.
public enum LearnedArchitecture: Equatable, Sendable {
    case nafnet(NAFNetConfig)
    case restormer(RestormerConfig)
    case promptIR(PromptIRConfig)
    case zeroDCE(ZeroDCEConfig)

    /// The registry spelling: "nafnet", "restormer", "promptir", "zero-dce", "zero-dce++", "neuro-low-light".
    public var name: String {
        switch self {
        case .nafnet: return "nafnet"
        case .restormer: return "restormer"
        case .promptIR: return "promptir"
        case .zeroDCE(let config): return config.variant.rawValue
        }
    }

    /// A one-line description with the detected configuration.
    public var summary: String {
        switch self {
        case .nafnet(let c):
            let tlc = c.tlcTrainSize.map { ", TLC \($0)" } ?? ""
            return "NAFNet width \(c.width), blocks \(c.encoderBlocks)/\(c.middleBlocks)/\(c.decoderBlocks)\(tlc)"
        case .restormer(let c):
            return "Restormer dim \(c.dim), blocks \(c.blocks)+\(c.refinementBlocks), heads \(c.heads), \(c.layerNorm.rawValue) norm"
        case .promptIR(let c):
            let b = c.backbone
            return "PromptIR dim \(b.dim), blocks \(b.blocks)+\(b.refinementBlocks), heads \(b.heads), "
                + "prompts \(c.prompts.map { "\($0.length)x\($0.channels)@\($0.size)" })"
        case .zeroDCE(let c):
            switch c.variant {
            case .zeroDCE: return "Zero-DCE low-light curves, \(c.iterations) iterations"
            case .zeroDCEPlusPlus: return "Zero-DCE++ low-light curves at 1/\(c.scaleFactor) resolution"
            case .neuroLowLight: return "Zero-DCE++ (neuro-low-light) low-light curves, \(c.iterations) iterations"
            }
        }
    }

    /// What each architecture's official checkpoints restore, used when nothing else is said.
    public var defaultTargets: Set<DegradationType> {
        switch self {
        case .nafnet: return [.motionBlur]
        case .restormer: return [.rain, .motionBlur]
        case .promptIR: return [.haze, .rain]
        case .zeroDCE: return [.lowLight]
        }
    }

    /// Whether a registry's `architecture = "..."` names this architecture.
    public func matches(declared: String) -> Bool {
        let spelled = declared.lowercased().replacingOccurrences(of: "_", with: "-")
        switch self {
        case .nafnet: return spelled == "nafnet" || spelled == "nafnet-local" || spelled == "nafnetlocal"
        case .restormer: return spelled == "restormer"
        case .promptIR: return spelled == "promptir"
        case .zeroDCE(let c):
            return spelled == c.variant.rawValue || spelled == "zero-dce" || spelled == "zerodce"
                || (c.variant != .zeroDCE && (spelled == "zero-dce++" || spelled == "zerodce++"))
        }
    }

    /// Detects the architecture and its configuration from tensor names and shapes, as spandrel
    /// does (a set of tensor names that must all be present, then sizes read off the shapes).
    /// `module.` / `net.` prefixes are ignored.
    public static func detect(names: [String], shapes: [String: [Int]]) throws -> LearnedArchitecture {
        try detect(names: names, shapes: shapes, source: "checkpoint")
    }

    static func detect(names rawNames: [String], shapes rawShapes: [String: [Int]], source: String) throws -> LearnedArchitecture {
        var shapes: [String: [Int]] = [:]
        for (original, stripped) in LearnedWeights.stripPrefixes(rawNames) { shapes[stripped] = rawShapes[original] }
        let names = Array(shapes.keys)
        func hasAll(_ keys: [String]) -> Bool { keys.allSatisfy { shapes[$0] != nil } }
        func dimension(_ name: String, _ index: Int) throws -> Int {
            guard let shape = shapes[name], shape.count > index else {
                throw LearnedRestorerError.missingTensor(name, checkpoint: source)
            }
            return shape[index]
        }
        func length(_ prefix: String) -> Int { LearnedWeights.sequenceLength(prefix, in: names) }

        if hasAll(["intro.weight", "ending.weight", "ups.0.0.weight", "downs.0.weight", "middle_blks.0.beta",
                   "middle_blks.0.gamma", "middle_blks.0.conv1.weight", "middle_blks.0.sca.1.weight",
                   "encoders.0.0.beta", "decoders.0.0.beta"]) {
            let channels = try dimension("intro.weight", 1)
            if channels == 6, try dimension("ending.weight", 0) == 3 {
                throw LearnedRestorerError.unsupportedConfig(
                    "\(source): a 6-channel NAFNet is GenDeg's structure corrector (clean + generated image), not a restorer; "
                        + "give it to `gendeg generate --structure-correction`")
            }
            guard channels == 3 else {
                throw LearnedRestorerError.unsupportedConfig("\(source): NAFNet with \(channels) image channels; gendeg restores RGB (3)")
            }
            return .nafnet(NAFNetConfig(
                inChannels: channels, outChannels: try dimension("ending.weight", 0), width: try dimension("intro.weight", 0),
                encoderBlocks: (0..<length("encoders")).map { length("encoders.\($0)") }, middleBlocks: length("middle_blks"),
                decoderBlocks: (0..<length("decoders")).map { length("decoders.\($0)") }))
        }

        if let promptIR = try PromptIRConfig.detect(shapes, source: source) { return .promptIR(promptIR) }

        if hasAll(["patch_embed.proj.weight", "encoder_level1.0.norm1.body.weight", "encoder_level1.0.attn.temperature",
                   "encoder_level1.0.attn.qkv.weight", "encoder_level1.0.ffn.project_out.weight", "down1_2.body.0.weight",
                   "encoder_level2.0.attn.temperature", "encoder_level3.0.attn.temperature", "latent.0.attn.temperature",
                   "up4_3.body.0.weight", "reduce_chan_level3.weight", "decoder_level1.0.attn.temperature", "output.weight"]) {
            if shapes["skip_conv.weight"] != nil {
                throw LearnedRestorerError.unsupportedConfig("\(source): a dual-pixel Restormer (6-channel input) cannot restore a single RGB image")
            }
            let inputs = try dimension("patch_embed.proj.weight", 1)
            let outputs = try dimension("output.weight", 0)
            guard inputs == 3, outputs == 3 else {
                throw LearnedRestorerError.unsupportedConfig("\(source): Restormer with \(inputs) input / \(outputs) output channels; gendeg restores RGB (3)")
            }
            let dim = try dimension("patch_embed.proj.weight", 0)
            let hidden = try dimension("encoder_level1.0.ffn.project_out.weight", 1)
            let factor = hidden == Int(Double(dim) * 2.66) ? 2.66 : Double(hidden) / Double(dim)
            return .restormer(RestormerConfig(
                inChannels: inputs, outChannels: outputs, dim: dim,
                blocks: [length("encoder_level1"), length("encoder_level2"), length("encoder_level3"), length("latent")],
                refinementBlocks: length("refinement"),
                heads: try ["encoder_level1", "encoder_level2", "encoder_level3", "latent"].map { try dimension("\($0).0.attn.temperature", 0) },
                ffnExpansionFactor: factor,
                bias: shapes["encoder_level1.0.attn.qkv.bias"] != nil,
                layerNorm: shapes["encoder_level1.0.norm1.body.bias"] != nil ? .withBias : .biasFree))
        }

        if hasAll((1...7).map { "dce_net.conv\($0).weight" }) {
            return .zeroDCE(ZeroDCEConfig(variant: .neuroLowLight, iterations: try curveIterations(dimension("dce_net.conv7.weight", 0), source)))
        }
        if hasAll((1...7).flatMap { ["e_conv\($0).depth_conv.weight", "e_conv\($0).point_conv.weight"] }) {
            return .zeroDCE(ZeroDCEConfig(variant: .zeroDCEPlusPlus))
        }
        if hasAll((1...7).map { "e_conv\($0).weight" }) {
            return .zeroDCE(ZeroDCEConfig(variant: .zeroDCE, iterations: try curveIterations(dimension("e_conv7.weight", 0), source)))
        }
        throw LearnedRestorerError.unknownArchitecture(checkpoint: source, sample: Array(rawNames.sorted().prefix(4)))
    }

    private static func curveIterations(_ channels: Int, _ source: String) throws -> Int {
        guard channels > 0, channels % 3 == 0 else {
            throw LearnedRestorerError.unsupportedConfig("\(source): the curve layer has \(channels) outputs, not 3 per iteration")
        }
        return channels / 3
    }

    /// Builds the network from the weights (strict: every tensor used, every shape checked).
    func network(_ weights: LearnedWeights) throws -> LearnedNetwork {
        switch self {
        case .nafnet(let config): return try NAFNet(weights, config: config)
        case .restormer(let config): return try Restormer(weights, config: config)
        case .promptIR(let config): return try PromptIR(weights, config: config)
        case .zeroDCE(let config): return try ZeroDCE(weights, config: config)
        }
    }
}
