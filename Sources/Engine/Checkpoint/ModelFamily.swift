/// The kinds of checkpoint the engine can load, told apart by tensor names and shapes.
public enum ModelFamily: String, Sendable, CaseIterable {
    /// An LDM checkpoint with an 8-channel UNet (latent + image) and GenDeg's stats_proj / cc_projection.
    case genDeg = "GenDeg LDM (InstructPix2Pix UNet with mu/sigma conditioning)"
    /// An LDM checkpoint with an 8-channel UNet and no intensity conditioning.
    case instructPix2Pix = "InstructPix2Pix LDM"
    /// An LDM checkpoint with a 4-channel UNet (Stable Diffusion 1.x).
    case stableDiffusion = "Stable Diffusion 1.x LDM"
    /// diffusers-named weights: a pipeline folder or a single component file.
    case diffusers = "diffusers"
    /// The learned restorers' architectures, told apart by `LearnedArchitecture.identify`.
    case nafnet = "NAFNet"
    case restormer = "Restormer"
    case promptIR = "PromptIR"
    case zeroDCE = "Zero-DCE"
    case unknown = "unknown"

    /// Decides from names (and the UNet's input channels) for diffusion models; restoration
    /// networks go through `LearnedArchitecture.identify`, the detector the restorers load with.
    public static func detect(names: [String], shape: (String) -> [Int]?) -> ModelFamily {
        let nameSet = Set(names)
        if let conv = shape(LDMKeyMap.unetPrefix + "input_blocks.0.0.weight"), conv.count == 4 {
            if conv[1] == 8 { return nameSet.contains("stats_proj.weight") ? .genDeg : .instructPix2Pix }
            return .stableDiffusion
        }
        let diffusersMarkers = ["unet.conv_in.weight", "vae.encoder.conv_in.weight",
                                "text_encoder.text_model.embeddings.token_embedding.weight",
                                "conv_in.weight", "encoder.conv_in.weight", "text_model.embeddings.token_embedding.weight",
                                // transformers 5.x CLIP naming, without the "text_model." level
                                "text_encoder.embeddings.token_embedding.weight", "embeddings.token_embedding.weight"]
        if diffusersMarkers.contains(where: nameSet.contains) {
            // gendeg's own folder layout for GenDeg models keeps the intensity projections beside the parts.
            let genDegConditioning = nameSet.contains("conditioning.stats_proj.weight") || nameSet.contains("stats_proj.weight")
            return genDegConditioning && shape("unet.conv_in.weight")?[1] == 8 ? .genDeg : .diffusers
        }
        var shapes: [String: [Int]] = [:]
        for name in names { shapes[name] = shape(name) }
        if let learned = try? LearnedArchitecture.identify(names: names, shapes: shapes) { return ModelFamily(learned) }
        return .unknown
    }

    /// Whether this is a learned restoration network's family (reported by its architecture).
    public var isRestorer: Bool {
        RestorerArchitectures.all.contains { $0.family == self }
    }

    /// The family of a detected restoration network.
    public init(_ architecture: LearnedArchitecture) {
        self = type(of: architecture.configuration).family
    }
}
