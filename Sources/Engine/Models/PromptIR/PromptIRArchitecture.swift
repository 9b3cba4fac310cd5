/// PromptIR as a restorer architecture.
extension PromptIRConfig: RestorerArchitecture {
    static let family = ModelFamily.promptIR
    static let displayName = "PromptIR"

    /// The PromptIR configuration of a checkpoint's tensors (names without prefixes), nil when
    /// it is not a PromptIR. The prompt blocks identify it (their components are 5-D:
    /// 1 x length x channels x size x size); the backbone is read as Restormer's.
    static func detect(_ shapes: [String: [Int]], source: String) throws -> PromptIRConfig? {
        let levels = [1, 2, 3]
        guard levels.contains(where: { shapes["prompt\($0).prompt_param"] != nil }) else {
            if shapes["chnl_reduce1.weight"] != nil && shapes["patch_embed.proj.weight"] != nil {
                throw ModelLoadError.unsupportedConfig(
                    "\(source): a PromptIR without prompt blocks (decoder=False); its official forward cannot run, only decoder=True models can")
            }
            return nil
        }
        func require(_ name: String) throws -> [Int] {
            guard let shape = shapes[name] else { throw ModelLoadError.missingTensor(name, checkpoint: source) }
            return shape
        }
        let prompts = try levels.map { level -> Prompt in
            let name = "prompt\(level).prompt_param"
            let shape = try require(name)
            guard shape.count == 5, shape[0] == 1, shape[3] == shape[4] else {
                throw ModelLoadError.unsupportedConfig("\(source): \(name) has shape \(shape), not 1 x length x channels x size x size")
            }
            return Prompt(length: shape[1], channels: shape[2], size: shape[3])
        }
        let noiseHeads = try levels.map { try require("noise_level\($0).attn.temperature")[0] }
        for name in ["patch_embed.proj.weight", "output.weight", "encoder_level1.0.ffn.project_out.weight"] { _ = try require(name) }
        guard let backbone = try RestormerConfig.detectUNet(shapes, source: source) else {
            throw ModelLoadError.missingTensor("patch_embed.proj.weight", checkpoint: source)
        }
        guard backbone.inChannels == 3, backbone.outChannels == 3 else {
            throw ModelLoadError.unsupportedConfig(
                "\(source): PromptIR with \(backbone.inChannels) input / \(backbone.outChannels) output channels; gendeg restores RGB (3)")
        }
        return PromptIRConfig(backbone: backbone, prompts: prompts, noiseHeads: noiseHeads)
    }

    var name: String { "promptir" }
    var familyName: String { Self.displayName }
    var defaultTargets: Set<DegradationType> { [.haze, .rain] }

    func accepts(alias spelled: String) -> Bool { spelled == "promptir" }

    var summary: String {
        "PromptIR dim \(backbone.dim), blocks \(backbone.blocks)+\(backbone.refinementBlocks), heads \(backbone.heads), "
            + "prompts \(prompts.map { "\($0.length)x\($0.channels)@\($0.size)" })"
    }

    var configurationLines: [String] {
        let b = backbone
        return ["promptir: Restormer backbone dim \(b.dim), blocks \(b.blocks), refinement blocks \(b.refinementBlocks), "
                    + "heads \(b.heads), layer norm \(b.layerNorm.rawValue), conv bias \(b.bias ? "yes" : "no")",
                "prompts (length x channels @ size): \(prompts.map { "\($0.length)x\($0.channels)@\($0.size)" }), "
                    + "noise-level heads \(noiseHeads)"]
    }

    func network(_ weights: WeightLoader) throws -> LearnedNetwork { try PromptIR(weights, config: self) }
}

extension LearnedArchitecture {
    public static func promptIR(_ config: PromptIRConfig) -> LearnedArchitecture { LearnedArchitecture(config) }
    public var promptIR: PromptIRConfig? { configuration(as: PromptIRConfig.self) }
}
