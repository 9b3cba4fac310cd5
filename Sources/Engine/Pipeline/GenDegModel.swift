import Foundation

/// Errors loading a GenDeg model.
public enum GenDegModelError: Error, CustomStringConvertible {
    case notGenDeg(String, String)
    case badConfig(String, String)

    public var description: String {
        switch self {
        case .notGenDeg(let path, let reason): return "\(path): not a GenDeg model (\(reason))"
        case .badConfig(let path, let reason): return "\(path): \(reason)"
        }
    }
}

/// A loaded GenDeg model: the official LDM checkpoint (gendeg.ckpt, or a safetensors copy
/// with the same names) or a diffusers-style folder such as the bundled GenDeg-small
/// (unet/, vae/, text_encoder/, conditioning/conditioning.safetensors, gendeg.json).
public struct GenDegModel: Sendable {
    public let path: String
    public let name: String
    public let unet: UNet2DCondition
    public let vae: AutoencoderKL
    public let textEncoder: CLIPTextModel
    public let conditioning: GenDegConditioning
    public let tokenizer: CLIPTokenizer
    public let unetConfig: UNetConfig
    public let vaeConfig: VAEConfig
    public let textConfig: CLIPTextConfig
    /// The resolution the model was trained at (the reference generates at 256 or 512).
    public let resolution: Int
    public let defaultCaption: String
    /// Guidance scales the model's author recommends (gendeg.json "recommended_guidance");
    /// nil means GenDeg's own 7.5 / 1.5.
    public let recommendedGuidance: (text: Double, image: Double)?
    /// For a bare checkpoint, where its architecture came from: an LDM YAML, or the defaults
    /// assumed without one (said to the user, never silently assumed); nil for a model folder.
    public let architectureSource: String?

    /// Loads every component. `tokenizerFolder` holds vocab.json + merges.txt; by default the
    /// CLIP BPE vocabulary bundled with the engine is used (the same merges as openai's).
    /// A bare checkpoint takes its architecture from `config` (an LDM YAML), else from
    /// `NAME.yaml` beside it, else from its tensors' shapes plus Stable Diffusion's defaults.
    public static func load(path: String, tokenizerFolder: String? = nil, useEMA: Bool = true,
                            config: String? = nil) throws -> GenDegModel {
        let file = try CheckpointFile.open(path)
        let unetWeights = try ComponentWeights.resolve(.unet, in: file, useEMA: useEMA)
        let vaeWeights = try ComponentWeights.resolve(.vae, in: file)
        let textWeights = try ComponentWeights.resolve(.textEncoder, in: file)
        let folder = file.format == .diffusersFolder ? path : nil
        let unetConfig = try folder.flatMap { try DiffusersConfig.unet(at: "\($0)/unet/config.json") }
            ?? UNetConfig.infer { unetWeights.info($0)?.shape }
        let vaeConfig = try folder.flatMap { try DiffusersConfig.vae(at: "\($0)/vae/config.json") }
            ?? VAEConfig.infer { vaeWeights.info($0)?.shape }
        let textConfig = try folder.flatMap { try DiffusersConfig.clipText(at: "\($0)/text_encoder/config.json") }
            ?? CLIPTextConfig.infer { textWeights.info($0)?.shape }
        guard var unetConfig, var vaeConfig, var textConfig else {
            throw GenDegModelError.notGenDeg(path, "cannot tell the UNet, VAE and text encoder shapes from its tensors")
        }
        let yaml = try (config ?? (folder == nil ? LDMModelConfig.besideCheckpoint(path) : nil)).map { try LDMModelConfig.read($0) }
        if let yaml {
            unetConfig = try yaml.applying(to: unetConfig)
            vaeConfig = yaml.applying(to: vaeConfig)
            textConfig = yaml.applying(to: textConfig)
        }
        let source = yaml.map { "architecture from \($0.path)" }
            ?? (folder != nil ? nil
                : "no --config and no \(URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent).yaml beside it: assumed "
                  + "\(unetConfig.attentionHeads) attention heads per transformer, \(unetConfig.normGroups) norm groups, "
                  + "text encoder heads = width/64 (\(textConfig.heads)); other shapes read from the tensors")
        guard unetConfig.inChannels == 2 * vaeConfig.latentChannels else {
            throw GenDegModelError.notGenDeg(path, "its UNet takes \(unetConfig.inChannels) channels; GenDeg's takes noisy + image latents (\(2 * vaeConfig.latentChannels))")
        }
        let prefix = file.names.contains("stats_proj.weight") ? "" : "conditioning."
        guard file.names.contains(prefix + "stats_proj.weight") else {
            throw GenDegModelError.notGenDeg(path, "it has no stats_proj (an InstructPix2Pix model without GenDeg's intensity conditioning?)")
        }
        let info = folder.flatMap { try? JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: "\($0)/gendeg.json"))) as? [String: Any] }
        let tokenizer = try tokenizerFolder.map {
            try CLIPTokenizer(vocabURL: URL(fileURLWithPath: "\($0)/vocab.json"), mergesURL: URL(fileURLWithPath: "\($0)/merges.txt"))
        } ?? CLIPTokenizer.bundled()
        return GenDegModel(
            path: path,
            name: info?["name"] as? String ?? "GenDeg",
            unet: try UNet2DCondition(config: unetConfig, weights: unetWeights),
            vae: try AutoencoderKL(config: vaeConfig, weights: vaeWeights),
            textEncoder: try CLIPTextModel(config: textConfig, weights: textWeights),
            conditioning: try GenDegConditioning(weights: file, prefix: prefix, textWidth: textConfig.hiddenSize),
            tokenizer: tokenizer,
            unetConfig: unetConfig, vaeConfig: vaeConfig, textConfig: textConfig,
            resolution: info?["resolution"] as? Int ?? yaml?.resolution(vae: vaeConfig) ?? 256,
            defaultCaption: info?["prompt_caption"] as? String ?? "a photo",
            recommendedGuidance: (info?["recommended_guidance"] as? [String: Double]).flatMap { guidance in
                guard let text = guidance["text"], let image = guidance["image"] else { return nil }
                return (text, image)
            },
            architectureSource: source)
    }
}

extension CheckpointFile: WeightSource {}
extension ComponentWeights: WeightSource {}
