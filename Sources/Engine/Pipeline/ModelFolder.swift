import Foundation

/// What a diffusers-style model folder says about itself besides its weights: gendeg's own
/// `gendeg.json`, diffusers' `model_index.json`, the components' config.json files, the
/// scheduler config and the tokenizer, with a line for everything found and everything
/// assumed because it was missing (`gendeg inspect DIR` prints both).
public struct ModelFolder: Sendable {
    public let path: String
    /// model_index.json's `_class_name` ("StableDiffusionInstructPix2PixPipeline").
    public let pipelineClass: String?
    public let unet: UNetConfig?
    public let vae: VAEConfig?
    public let textEncoder: CLIPTextConfig?
    public let schedule: DiffusionSchedule
    /// tokenizer/ with vocab.json and merges.txt, or tokenizer.json.
    public let tokenizerFolder: String?
    public let hasConditioning: Bool
    /// gendeg.json's values, or GenDeg's built-in defaults when it is absent.
    public let name: String
    public let resolution: Int
    public let caption: String
    public let recommendedGuidance: (text: Double, image: Double)?
    public private(set) var found: [String] = []
    public private(set) var assumed: [String] = []

    /// GenDeg's own defaults (run_single.py): 256 px, "a photo" captions, guidance 7.5 / 1.5.
    public static let defaultResolution = GenDegDefaults.resolution
    public static let defaultCaption = GenDegDefaults.caption

    public static func read(_ path: String) throws -> ModelFolder {
        try ModelFolder(path: path)
    }

    private init(path: String) throws {
        self.path = path
        let folder = URL(fileURLWithPath: path)
        func file(_ relative: String) -> String { folder.appendingPathComponent(relative).path }
        func exists(_ relative: String) -> Bool { FileManager.default.fileExists(atPath: file(relative)) }

        let index = try DiffusersConfig.object(at: file("model_index.json"))
        pipelineClass = index?["_class_name"] as? String
        if let index {
            let parts = index.keys.filter { !$0.hasPrefix("_") }.sorted()
            let used = ["unet", "vae", "text_encoder", "tokenizer", "scheduler"]
            let version = (index["_diffusers_version"] as? String).map { ", diffusers \($0)" } ?? ""
            found.append("model_index.json: \(pipelineClass ?? "no _class_name")\(version)")
            // Components are [library, class] pairs; [null, null] marks one left out.
            let ignored = parts.filter { part in
                guard !used.contains(part), let entry = index[part] as? [Any] else { return false }
                return entry.contains { !($0 is NSNull) }
            }
            if !ignored.isEmpty { found.append("not used: \(ignored.joined(separator: ", "))") }
        }

        unet = try DiffusersConfig.unet(at: file("unet/config.json"))
        if let unet {
            var heads = unet.levelAttentionHeads.map { "\($0)" } ?? "\(unet.attentionHeads)"
            heads += " heads"
            found.append("unet/config.json: in_channels \(unet.inChannels), block_out_channels \(unet.blockOutChannels), \(heads), cross_attention_dim \(unet.crossAttentionDim), transformer depth \(unet.levelTransformerDepth.map { "\($0)" } ?? "\(unet.transformerDepth)")")
        } else {
            assumed.append("unet: no config.json; shapes read from the weights, 8 heads where they divide the widths")
        }
        vae = try DiffusersConfig.vae(at: file("vae/config.json"))
        if let vae {
            found.append("vae/config.json: block_out_channels \(vae.blockOutChannels), latent_channels \(vae.latentChannels), scaling_factor \(vae.scalingFactor)")
        } else {
            assumed.append("vae: no config.json; shapes read from the weights, scaling factor 0.18215")
        }
        textEncoder = try DiffusersConfig.clipText(at: file("text_encoder/config.json"))
        if let textEncoder {
            found.append("text_encoder/config.json: CLIP width \(textEncoder.hiddenSize), \(textEncoder.layers) layers, \(textEncoder.heads) heads, vocabulary \(textEncoder.vocabularySize)")
        } else {
            assumed.append("text_encoder: no config.json; shapes read from the weights, 64-wide heads")
        }

        if let schedule = try DiffusionSchedule.read(at: file("scheduler/scheduler_config.json")) {
            self.schedule = schedule
            found.append("scheduler/scheduler_config.json: \(schedule.schedulerClass ?? "scheduler"), \(schedule.summary)")
            let spacing = schedule.timestepSpacing.map { $0 == "linspace" ? "" : " (not the config's '\($0)' spacing)" } ?? ""
            assumed.append("sampling: gendeg's own samplers (k-diffusion) over that schedule's sigmas at evenly spaced timesteps\(spacing), whichever scheduler class the folder names")
        } else {
            schedule = .stableDiffusion
            assumed.append("schedule: no scheduler/scheduler_config.json; Stable Diffusion's \(schedule.summary)")
        }

        if exists("tokenizer/vocab.json"), exists("tokenizer/merges.txt") {
            tokenizerFolder = file("tokenizer")
            found.append("tokenizer/: vocab.json, merges.txt")
        } else if exists("tokenizer/tokenizer.json") {
            tokenizerFolder = file("tokenizer")
            found.append("tokenizer/: tokenizer.json (transformers 5.x)")
        } else {
            tokenizerFolder = nil
            assumed.append("tokenizer: none in the folder; the bundled CLIP vocabulary (openai's)")
        }

        hasConditioning = exists("conditioning/conditioning.safetensors")
        if hasConditioning {
            found.append("conditioning/conditioning.safetensors: GenDeg's mu/sigma conditioning")
        } else {
            assumed.append("conditioning: no conditioning/ folder; runs as plain InstructPix2Pix (text and image guidance only; \(GenDegModel.noConditioningLabel))")
        }

        let info = try GenDegModelInfo.read(folder: folder.path)
        let defaultName = folder.standardizedFileURL.lastPathComponent
        name = info?.name ?? defaultName
        resolution = info?.resolution ?? Self.defaultResolution
        caption = info?.promptCaption ?? Self.defaultCaption
        recommendedGuidance = info?.recommendedGuidance.map { (text: $0.text, image: $0.image) }
        if info != nil {
            found.append("gendeg.json: name \(name), resolution \(resolution), caption \"\(caption)\"")
        } else {
            assumed.append("no gendeg.json: GenDeg's built-in prompts (\"\(caption), in hazy conditions\", ...), resolution \(resolution), guidance text 7.5 / image 1.5, name '\(name)'")
        }
    }
}
