import Foundation

/// What `gendeg inspect FILE` shows: every tensor with dtype and shape, the detected
/// architecture, and the configuration inferred from the weights.
public struct ModelInspection: Sendable {
    public struct Listing: Sendable, Equatable {
        public let name: String
        public let info: TensorInfo
    }

    public let path: String
    public let format: CheckpointFile.Format
    public let family: ModelFamily
    /// Human-readable configuration lines ("unet: in_channels 8, ...").
    public let configSummary: [String]
    public let tensors: [Listing]
    public let metadata: [String: String]
    public let unet: UNetConfig?
    public let vae: VAEConfig?
    public let textEncoder: CLIPTextConfig?
    /// The restoration network found, with its configuration (`LearnedArchitecture.identify`,
    /// the detector the restorers load with).
    public let learned: LearnedArchitecture?
    /// Why a restoration network cannot run as a restorer (or why detection failed), when it cannot.
    public let learnedNote: String?
    /// For a model folder or a diffusion checkpoint: what its files said (configs, scheduler,
    /// tokenizer, recognised library namings) and what was assumed for what they did not.
    public var found: [String] = []
    public var assumed: [String] = []

    public var nafnet: NAFNetConfig? { learned?.nafnet }
    public var restormer: RestormerConfig? { learned?.restormer }
    public var zeroDCE: ZeroDCEConfig? { learned?.zeroDCE }

    public static func inspect(_ path: String) throws -> ModelInspection {
        inspect(try CheckpointFile.open(path))
    }

    public static func inspect(_ file: CheckpointFile) -> ModelInspection {
        var family = ModelFamily.detect(names: file.names) { file.info($0)?.shape }
        var learned: LearnedArchitecture?
        var learnedNote: String?
        if family == .unknown || family.isRestorer {
            let shapes = WeightLoader.floatingPointShapes(file)
            do {
                let architecture = try LearnedArchitecture.identify(names: Array(shapes.keys), shapes: shapes, source: file.path)
                learned = architecture
                family = ModelFamily(architecture)
                learnedNote = architecture.restorerProblem(source: file.path)
            } catch ModelLoadError.unknownArchitecture {
            } catch {
                learnedNote = "\(error)"
            }
        }
        func component(_ kind: ModelComponent) -> ComponentWeights? {
            try? ComponentWeights.resolve(kind, in: file, useEMA: false)
        }
        let unetWeights = component(.unet), vaeWeights = component(.vae), textWeights = component(.textEncoder)
        var found: [String] = [], assumed: [String] = []
        var folder: ModelFolder?
        // One component's own folder (text_encoder/, unet/) keeps its config.json at the top.
        let componentFile = file.format == .diffusersFolder ? file.metadata["file"] : nil
        let componentConfig = componentFile.map { _ in URL(fileURLWithPath: file.path).appendingPathComponent("config.json").path }
        if file.format == .diffusersFolder, componentFile == nil {
            do {
                folder = try ModelFolder.read(file.path)
            } catch {
                found.append("folder configuration unusable: \(error)")
            }
        }
        if let componentConfig, FileManager.default.fileExists(atPath: componentConfig) {
            found.append("one component's folder: config.json read")
        }
        func config<T>(_ read: (String) throws -> T?) -> T? {
            guard let componentConfig else { return nil }
            do {
                return try read(componentConfig)
            } catch {
                found.append("config.json unusable: \(error)")
                return nil
            }
        }
        let unet = folder?.unet ?? (unetWeights == nil ? nil : config(DiffusersConfig.unet(at:)))
            ?? unetWeights.flatMap { weights in UNetConfig.infer { weights.info($0)?.shape } }
        let vae = folder?.vae ?? (vaeWeights == nil ? nil : config(DiffusersConfig.vae(at:)))
            ?? vaeWeights.flatMap { weights in VAEConfig.infer { weights.info($0)?.shape } }
        let text = folder?.textEncoder ?? (textWeights == nil ? nil : config(DiffusersConfig.clipText(at:)))
            ?? textWeights.flatMap { weights in CLIPTextConfig.infer { weights.info($0)?.shape } }
        found += folder?.found ?? []
        for weights in [unetWeights, vaeWeights, textWeights].compactMap({ $0 }) {
            found += weights.namingNotes.map { "\(weights.component.rawValue) naming: \($0)" }
        }
        for part in ["unet", "vae", "text_encoder"] {
            if let dtype = file.metadata["\(part).dtype"], dtype != DType.float32.rawValue {
                found.append("\(part) stored as \(dtype), widened to F32 at load")
            }
            if let shards = file.metadata["\(part).shards"] { found.append("\(part) sharded in \(shards) files (index read)") }
        }
        assumed += folder?.assumed ?? []
        if folder == nil, let unet, unet.inChannels == 8 {
            let hasConditioning = file.names.contains("stats_proj.weight") || file.names.contains("conditioning.stats_proj.weight")
            if !hasConditioning {
                assumed.append("no stats_proj/cc_projection: runs as plain InstructPix2Pix (text and image guidance only; no intensity conditioning: mu/sigma ignored)")
            }
            assumed.append("schedule: Stable Diffusion's \(DiffusionSchedule.stableDiffusion.summary)")
        }

        var summary: [String] = []
        if let unet {
            summary.append("unet: in_channels \(unet.inChannels), out_channels \(unet.outChannels), block_out_channels \(unet.blockOutChannels), layers_per_block \(unet.layersPerBlock), cross-attention blocks \(unet.downBlockHasAttention), transformer depth \(unet.levelTransformerDepth.map { "\($0)" } ?? "\(unet.transformerDepth)"), context dim \(unet.crossAttentionDim)")
        }
        let emaCount = file.names.filter { $0.hasPrefix(LDMKeyMap.emaPrefix) }.count
        if emaCount > 0 { summary.append("ema: \(emaCount) model_ema tensors (used for the UNet)") }
        if let vae {
            summary.append("vae: block_out_channels \(vae.blockOutChannels), layers_per_block \(vae.layersPerBlock), latent_channels \(vae.latentChannels)")
        }
        if let text {
            summary.append("text encoder (CLIP): width \(text.hiddenSize), layers \(text.layers), heads \(text.heads), mlp \(text.intermediateSize), vocabulary \(text.vocabularySize), positions \(text.maxPositions)")
        }
        let conditioningPrefix = file.info("stats_proj.weight") == nil ? "conditioning." : ""
        if let stats = file.info(conditioningPrefix + "stats_proj.weight"), let projection = file.info(conditioningPrefix + "cc_projection.weight") {
            summary.append("gendeg conditioning: stats_proj \(stats.shape), cc_projection \(projection.shape)")
        }
        if let learned { summary += learned.configurationLines }
        if let learnedNote { summary.append("as a restorer: \(learnedNote)") }
        let listings = file.names.compactMap { name in file.info(name).map { Listing(name: name, info: $0) } }
        var inspection = ModelInspection(path: file.path, format: file.format, family: family, configSummary: summary,
                                         tensors: listings, metadata: file.metadata, unet: unet, vae: vae, textEncoder: text,
                                         learned: learned, learnedNote: learnedNote)
        inspection.found = found
        inspection.assumed = assumed
        return inspection
    }

    /// The report as text: header, configuration, metadata, then one line per tensor.
    public func render(maximumTensors: Int? = nil) -> String {
        let parameterCount = tensors.reduce(0) { $0 + $1.info.elementCount }
        let safe = { (text: String) in TerminalText.escaped(text) }
        var lines = [
            "file: \(safe(path))",
            "format: \(format.rawValue)",
            "architecture: \(learned?.familyName ?? family.rawValue)",
            "tensors: \(tensors.count) (\(parameterCount) values)",
        ]
        lines += configSummary.map { "  " + safe($0) }
        if !found.isEmpty {
            lines.append("found:")
            lines += found.map { "  " + safe($0) }
        }
        if !assumed.isEmpty {
            lines.append("assumed:")
            lines += assumed.map { "  " + safe($0) }
        }
        if !metadata.isEmpty {
            lines.append("metadata:")
            lines += metadata.keys.sorted().map { "  \(safe($0)): \(safe(metadata[$0]!))" }
        }
        let shown = maximumTensors.map { Array(tensors.prefix($0)) } ?? tensors
        let names = shown.map { safe($0.name) }
        let nameWidth = min(names.map(\.count).max() ?? 0, 96)
        let dtypeWidth = 4
        for (listing, name) in zip(shown, names) {
            let padded = name.padding(toLength: max(nameWidth, name.count), withPad: " ", startingAt: 0)
            let dtype = listing.info.dtype.rawValue.padding(toLength: dtypeWidth, withPad: " ", startingAt: 0)
            lines.append("\(padded)  \(dtype)  [\(listing.info.shape.map(String.init).joined(separator: ", "))]")
        }
        if shown.count < tensors.count { lines.append("… \(tensors.count - shown.count) more tensors") }
        return lines.joined(separator: "\n") + "\n"
    }
}
