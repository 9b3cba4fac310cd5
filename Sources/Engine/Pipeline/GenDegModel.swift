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
/// (unet/, vae/, text_encoder/, conditioning/conditioning.safetensors, gendeg.json), or a
/// diffusers InstructPix2Pix pipeline folder (model_index.json, scheduler/, tokenizer/).
/// Without GenDeg's intensity conditioning it is plain InstructPix2Pix: text and image
/// guidance only, mu and sigma ignored.
public struct GenDegModel: Sendable {
    public let path: String
    public let name: String
    public let unet: UNet2DCondition
    public let vae: AutoencoderKL
    public let textEncoder: CLIPTextModel
    /// nil for a plain InstructPix2Pix model (no stats_proj / cc_projection).
    public let conditioning: GenDegConditioning?
    public let tokenizer: CLIPTokenizer
    public let unetConfig: UNetConfig
    public let vaeConfig: VAEConfig
    public let textConfig: CLIPTextConfig
    /// The training noise schedule (a folder's scheduler config, else Stable Diffusion's).
    public let schedule: DiffusionSchedule
    /// The resolution the model was trained at (the reference generates at 256 or 512).
    public let resolution: Int
    public let defaultCaption: String
    /// Guidance scales the model's author recommends (gendeg.json "recommended_guidance");
    /// nil means GenDeg's own 7.5 / 1.5.
    public let recommendedGuidance: (text: Double, image: Double)?
    /// For a bare checkpoint, where its architecture came from: an LDM YAML, or the defaults
    /// assumed without one (said to the user, never silently assumed); nil for a model folder.
    public let architectureSource: String?

    /// How a model without GenDeg's conditioning is labelled wherever its results are shown.
    public static let noConditioningLabel = "no intensity conditioning: mu/sigma ignored"

    /// The name shown in panes, exports and manifests; says when mu/sigma are ignored.
    public var displayName: String {
        conditioning == nil ? "\(name) (InstructPix2Pix, \(Self.noConditioningLabel))" : name
    }

    /// Loads every component. `tokenizerFolder` holds vocab.json + merges.txt or tokenizer.json; by default a
    /// folder's tokenizer/, else the CLIP BPE vocabulary bundled with the engine (openai's).
    /// A bare checkpoint takes its architecture from `config` (an LDM YAML), else from
    /// `NAME.yaml` beside it, else from its tensors' shapes plus Stable Diffusion's defaults.
    public static func load(path: String, tokenizerFolder: String? = nil, useEMA: Bool = true,
                            config: String? = nil) throws -> GenDegModel {
        do {
            return try loadComponents(path: path, tokenizerFolder: tokenizerFolder, useEMA: useEMA, config: config)
        } catch let error as CheckpointError {
            // Missing or unreadable tensors surface while the networks are built: say in which model.
            throw error.naming(path)
        }
    }

    private static func loadComponents(path: String, tokenizerFolder: String?, useEMA: Bool,
                                       config: String?) throws -> GenDegModel {
        let file = try CheckpointFile.open(path)
        let folder = file.format == .diffusersFolder ? try ModelFolder.read(path) : nil
        let unetWeights = try ComponentWeights.resolve(.unet, in: file, useEMA: useEMA)
        let vaeWeights = try ComponentWeights.resolve(.vae, in: file)
        let textWeights = try ComponentWeights.resolve(.textEncoder, in: file)
        let unetConfig = folder?.unet ?? UNetConfig.infer { unetWeights.info($0)?.shape }
        let vaeConfig = folder?.vae ?? VAEConfig.infer { vaeWeights.info($0)?.shape }
        let textConfig = folder?.textEncoder ?? CLIPTextConfig.infer { textWeights.info($0)?.shape }
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
            throw GenDegModelError.notGenDeg(path, "its UNet takes \(unetConfig.inChannels) channels; GenDeg's and InstructPix2Pix's take noisy + image latents (\(2 * vaeConfig.latentChannels))")
        }
        let prefix = file.names.contains("stats_proj.weight") ? "" : "conditioning."
        let conditioning = file.names.contains(prefix + "stats_proj.weight")
            ? try GenDegConditioning(weights: file, prefix: prefix, textWidth: textConfig.hiddenSize) : nil
        guard unetConfig.crossAttentionDim == textConfig.hiddenSize else {
            throw GenDegModelError.notGenDeg(path, "its UNet attends to \(unetConfig.crossAttentionDim)-wide text but the text encoder is \(textConfig.hiddenSize) wide")
        }
        let tokenizer: CLIPTokenizer
        if let chosen = tokenizerFolder ?? folder?.tokenizerFolder {
            guard let loaded = try CLIPTokenizer.load(folder: chosen) else {
                throw GenDegModelError.badConfig(chosen, "no tokenizer here (vocab.json + merges.txt, or tokenizer.json)")
            }
            tokenizer = loaded
        } else {
            tokenizer = try CLIPTokenizer.bundled()
        }
        return GenDegModel(
            path: path,
            name: folder?.name ?? (conditioning == nil ? "InstructPix2Pix" : "GenDeg"),
            unet: try UNet2DCondition(config: unetConfig, weights: WeightLoader(lenient: unetWeights)),
            vae: try AutoencoderKL(config: vaeConfig, weights: WeightLoader(lenient: vaeWeights)),
            textEncoder: try CLIPTextModel(config: textConfig, weights: WeightLoader(lenient: textWeights)),
            conditioning: conditioning,
            tokenizer: tokenizer,
            unetConfig: unetConfig, vaeConfig: vaeConfig, textConfig: textConfig,
            schedule: folder?.schedule ?? .stableDiffusion,
            resolution: folder?.resolution ?? yaml?.resolution(vae: vaeConfig) ?? ModelFolder.defaultResolution,
            defaultCaption: folder?.caption ?? ModelFolder.defaultCaption,
            recommendedGuidance: folder?.recommendedGuidance,
            architectureSource: source)
    }
}

extension CheckpointFile: WeightSource {}
extension ComponentWeights: WeightSource {}
