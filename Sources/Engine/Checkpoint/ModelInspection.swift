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
        let unet = unetWeights.flatMap { weights in UNetConfig.infer { weights.info($0)?.shape } }
        let vae = vaeWeights.flatMap { weights in VAEConfig.infer { weights.info($0)?.shape } }
        let text = textWeights.flatMap { weights in CLIPTextConfig.infer { weights.info($0)?.shape } }

        var summary: [String] = []
        if let unet {
            summary.append("unet: in_channels \(unet.inChannels), out_channels \(unet.outChannels), block_out_channels \(unet.blockOutChannels), layers_per_block \(unet.layersPerBlock), cross-attention blocks \(unet.downBlockHasAttention), transformer depth \(unet.transformerDepth), context dim \(unet.crossAttentionDim)")
        }
        let emaCount = file.names.filter { $0.hasPrefix(LDMKeyMap.emaPrefix) }.count
        if emaCount > 0 { summary.append("ema: \(emaCount) model_ema tensors (used for the UNet)") }
        if let vae {
            summary.append("vae: block_out_channels \(vae.blockOutChannels), layers_per_block \(vae.layersPerBlock), latent_channels \(vae.latentChannels)")
        }
        if let text {
            summary.append("text encoder (CLIP): width \(text.hiddenSize), layers \(text.layers), heads \(text.heads), mlp \(text.intermediateSize), vocabulary \(text.vocabularySize), positions \(text.maxPositions)")
        }
        if let stats = file.info("stats_proj.weight"), let projection = file.info("cc_projection.weight") {
            summary.append("gendeg conditioning: stats_proj \(stats.shape), cc_projection \(projection.shape)")
        }
        if let learned { summary += learned.configurationLines }
        if let learnedNote { summary.append("as a restorer: \(learnedNote)") }
        let listings = file.names.compactMap { name in file.info(name).map { Listing(name: name, info: $0) } }
        return ModelInspection(path: file.path, format: file.format, family: family, configSummary: summary,
                               tensors: listings, metadata: file.metadata, unet: unet, vae: vae, textEncoder: text,
                               learned: learned, learnedNote: learnedNote)
    }

    /// The report as text: header, configuration, metadata, then one line per tensor.
    public func render(maximumTensors: Int? = nil) -> String {
        let parameterCount = tensors.reduce(0) { $0 + $1.info.elementCount }
        var lines = [
            "file: \(path)",
            "format: \(format.rawValue)",
            "architecture: \(learned?.familyName ?? family.rawValue)",
            "tensors: \(tensors.count) (\(parameterCount) values)",
        ]
        lines += configSummary.map { "  " + $0 }
        if !metadata.isEmpty {
            lines.append("metadata:")
            lines += metadata.keys.sorted().map { "  \($0): \(metadata[$0]!)" }
        }
        let shown = maximumTensors.map { Array(tensors.prefix($0)) } ?? tensors
        let nameWidth = min(shown.map(\.name.count).max() ?? 0, 96)
        let dtypeWidth = 4
        for listing in shown {
            let padded = listing.name.padding(toLength: max(nameWidth, listing.name.count), withPad: " ", startingAt: 0)
            let dtype = listing.info.dtype.rawValue.padding(toLength: dtypeWidth, withPad: " ", startingAt: 0)
            lines.append("\(padded)  \(dtype)  [\(listing.info.shape.map(String.init).joined(separator: ", "))]")
        }
        if shown.count < tensors.count { lines.append("… \(tensors.count - shown.count) more tensors") }
        return lines.joined(separator: "\n") + "\n"
    }
}
