/// Restormer as a restorer architecture: the plain U-Net (not the dual-pixel variant), detected
/// by its transformer blocks; the same reading gives PromptIR's backbone.
extension RestormerConfig: RestorerArchitecture {
    static let family = ModelFamily.restormer
    static let displayName = "Restormer"

    static func detect(_ shapes: [String: [Int]], source: String) throws -> RestormerConfig? {
        guard let config = try detectUNet(shapes, source: source) else { return nil }
        if shapes["skip_conv.weight"] != nil {
            throw ModelLoadError.unsupportedConfig("\(source): a dual-pixel Restormer (6-channel input) cannot restore a single RGB image")
        }
        return config
    }

    /// Restormer's configuration from a checkpoint's tensors (names without prefixes), nil when
    /// the Restormer U-Net's tensors are not all there; as spandrel-extra-arches reads it. Also
    /// how PromptIR's backbone is read.
    static func detectUNet(_ shapes: [String: [Int]], source: String) throws -> RestormerConfig? {
        let required = ["patch_embed.proj.weight", "encoder_level1.0.norm1.body.weight", "encoder_level1.0.attn.temperature",
                        "encoder_level1.0.attn.qkv.weight", "encoder_level1.0.ffn.project_out.weight", "down1_2.body.0.weight",
                        "encoder_level2.0.attn.temperature", "encoder_level3.0.attn.temperature", "latent.0.attn.temperature",
                        "up4_3.body.0.weight", "reduce_chan_level3.weight", "decoder_level1.0.attn.temperature", "output.weight"]
        guard required.allSatisfy({ shapes[$0] != nil }) else { return nil }
        let names = Array(shapes.keys)
        func dimension(_ name: String, _ index: Int) throws -> Int {
            guard let shape = shapes[name], shape.count > index else {
                throw ModelLoadError.missingTensor(name, checkpoint: source)
            }
            return shape[index]
        }
        func length(_ prefix: String) -> Int { WeightLoader.sequenceLength(prefix, in: names) }
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

    var name: String { "restormer" }
    var familyName: String { Self.displayName }
    var defaultTargets: Set<DegradationType> { [.rain, .motionBlur] }

    func accepts(alias spelled: String) -> Bool { spelled == "restormer" }

    var summary: String {
        "Restormer dim \(dim), blocks \(blocks)+\(refinementBlocks), heads \(heads), \(layerNorm.rawValue) norm"
    }

    var configurationLines: [String] {
        ["restormer: in \(inChannels), out \(outChannels), dim \(dim), blocks \(blocks), "
            + "refinement blocks \(refinementBlocks), heads \(heads), ffn expansion \(ffnExpansionFactor) "
            + "(hidden \(hiddenWidth(channels: dim)) at level 1)",
         "layer norm: \(layerNorm.rawValue); conv bias: \(bias ? "yes" : "no"); "
            + "reflect-padded to a multiple of \(RestormerConfig.padMultiple)"]
    }

    func restorerProblem(source: String) -> String? {
        guard inChannels != 3 || outChannels != 3 else { return nil }
        return "\(source): Restormer with \(inChannels) input / \(outChannels) output channels; gendeg restores RGB (3)"
    }

    func network(_ weights: WeightLoader) throws -> LearnedNetwork { try Restormer(weights, config: self) }
}

extension LearnedArchitecture {
    public static func restormer(_ config: RestormerConfig) -> LearnedArchitecture { LearnedArchitecture(config) }
    public var restormer: RestormerConfig? { configuration(as: RestormerConfig.self) }
}
