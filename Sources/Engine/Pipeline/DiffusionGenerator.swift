import Foundation

/// GenDeg as a `DegradationGenerator`: for the explorer's diffusion pane and `gendeg synth
/// --generator diffusion`.
public struct DiffusionGenerator: DegradationGenerator {
    public let pipeline: GenDegPipeline
    public var name: String { pipeline.model.name + (structureCorrection == nil ? "" : " + structure correction") }
    public var isSlow: Bool { true }
    public var modelFile: String? { pipeline.model.path }
    public var recommendedSettings: GeneratorSettings {
        guard let guidance = pipeline.model.recommendedGuidance else { return GeneratorSettings() }
        return GeneratorSettings(textGuidance: guidance.text, imageGuidance: guidance.image)
    }

    /// Structure correction applied to every generation (by its rule), or nil.
    public let structureCorrection: StructureCorrection?

    public init(model: GenDegModel, structureCorrection: StructureCorrection? = nil) {
        pipeline = GenDegPipeline(model: model)
        self.structureCorrection = structureCorrection
    }

    public func generate(_ request: GenerationRequest, onStep: (GenerationStep) -> Bool) throws -> GeneratedImage {
        guard let sampler = SamplerKind(rawValue: request.settings.sampler) else {
            throw GenerationError.failed("unknown sampler '\(request.settings.sampler)'; choose \(SamplerKind.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let parameters = GenDegParameters(
            type: request.type, mu: request.targetMu, sigma: request.targetSigma, caption: pipeline.model.defaultCaption,
            steps: request.settings.steps, sampler: sampler, textGuidance: Float(request.settings.textGuidance),
            imageGuidance: Float(request.settings.imageGuidance), seed: request.seed, resolution: pipeline.model.resolution,
            structureCorrection: structureCorrection)
        do {
            let image = try pipeline.generate(clean: request.clean, parameters: parameters) { step, total, preview in
                onStep(GenerationStep(index: step + 1, total: total, preview: preview))
            }
            return GeneratedImage(image: image)
        } catch SamplerError.cancelled {
            throw GenerationError.cancelled
        }
    }
}

/// Finding diffusion models: the bundled default or a user's file.
public enum DiffusionGenerators {
    /// The model at `path` (architecture from `config`, an LDM YAML, when given), with GenDeg's
    /// structure corrector from `structureCorrection` when given.
    public static func load(model path: String, structureCorrection: String? = nil,
                            rule: StructureCorrectionRule = .auto, config: String? = nil) throws -> DegradationGenerator {
        let correction = try structureCorrection.map { try StructureCorrection(checkpoint: $0, rule: rule) }
        return DiffusionGenerator(model: try GenDegModel.load(path: path, config: config), structureCorrection: correction)
    }

    /// The bundled GenDeg-small folder, when this build ships it.
    public static func bundledModelPath() -> String? {
        Bundle.module.url(forResource: "gendeg-small", withExtension: nil, subdirectory: "models")?.path
    }
}
