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
    case nafnet = "NAFNet"
    case restormer = "Restormer"
    case unknown = "unknown"

    /// Decides from names (and the UNet's input channels) alone.
    public static func detect(names: [String], shape: (String) -> [Int]?) -> ModelFamily {
        let nameSet = Set(names)
        if let conv = shape(LDMKeyMap.unetPrefix + "input_blocks.0.0.weight"), conv.count == 4 {
            if conv[1] == 8 { return nameSet.contains("stats_proj.weight") ? .genDeg : .instructPix2Pix }
            return .stableDiffusion
        }
        let diffusersMarkers = ["unet.conv_in.weight", "vae.encoder.conv_in.weight",
                                "text_encoder.text_model.embeddings.token_embedding.weight",
                                "conv_in.weight", "encoder.conv_in.weight", "text_model.embeddings.token_embedding.weight"]
        if diffusersMarkers.contains(where: nameSet.contains) {
            // gendeg's own folder layout for GenDeg models keeps the intensity projections beside the parts.
            let genDegConditioning = nameSet.contains("conditioning.stats_proj.weight") || nameSet.contains("stats_proj.weight")
            return genDegConditioning && shape("unet.conv_in.weight")?[1] == 8 ? .genDeg : .diffusers
        }
        if nameSet.contains("intro.weight"), nameSet.contains("ending.weight"),
           names.contains(where: { $0.hasPrefix("middle_blks.") }) {
            return .nafnet
        }
        if nameSet.contains("patch_embed.proj.weight"), names.contains(where: { $0.hasPrefix("encoder_level1.") }) {
            return .restormer
        }
        return .unknown
    }
}
