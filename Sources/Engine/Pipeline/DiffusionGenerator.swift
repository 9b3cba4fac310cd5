import Foundation

/// GenDeg as a `DegradationGenerator`: for the explorer's diffusion pane and `gendeg synth
/// --generator diffusion`.
public struct DiffusionGenerator: DegradationGenerator {
    public let pipeline: GenDegPipeline
    public var name: String { pipeline.model.displayName + (structureCorrection == nil ? "" : " + structure correction") }
    public var isSynthetic: Bool { true }
    public var modelFile: String? { pipeline.model.path }
    public var recommendedSettings: GeneratorSettings {
        GenDegPreset.fast.settings(for: pipeline.model)
    }

    /// Structure correction applied to every generation (by its rule), or nil.
    public let structureCorrection: StructureCorrection?
    /// Caption for requests that bring none (`explore --caption`); nil: the model's default.
    public let caption: String?

    public init(model: GenDegModel, structureCorrection: StructureCorrection? = nil, caption: String? = nil) {
        pipeline = GenDegPipeline(model: model)
        self.structureCorrection = structureCorrection
        self.caption = caption
    }

    public func generate(_ request: GenerationRequest, onStep: (GenerationStep) -> Bool) throws -> GeneratedImage {
        guard let preset = GenDegPreset(rawValue: request.settings.preset ?? GenDegPreset.fast.rawValue) else {
            throw GenerationError.failed("unknown preset '\(request.settings.preset ?? "")'; choose \(GenDegPreset.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        var parameters = GenDegParameters(
            type: request.type, mu: request.targetMu, sigma: request.targetSigma, caption: request.caption ?? caption ?? pipeline.model.defaultCaption,
            steps: request.settings.steps, sampler: request.settings.sampler, textGuidance: Float(request.settings.textGuidance),
            imageGuidance: Float(request.settings.imageGuidance), seed: request.seed, resolution: preset.resolution(for: pipeline.model),
            structureCorrection: structureCorrection)
        parameters.mixedWithHaze = request.mixedWithHaze
        parameters.squareOutput = preset.squareOutput
        do {
            let image = try pipeline.generate(clean: request.clean, parameters: parameters) { step, total, preview in
                onStep(GenerationStep(index: step + 1, total: total, preview: preview))
            }
            var generated = GeneratedImage(image: image)
            generated.prompt = parameters.prompt
            return generated
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
                            rule: StructureCorrectionRule = .auto, config: String? = nil,
                            caption: String? = nil) throws -> DegradationGenerator {
        let correction = try structureCorrection.map { try StructureCorrection(checkpoint: $0, rule: rule) }
        return DiffusionGenerator(model: try GenDegModel.load(path: path, config: config), structureCorrection: correction,
                                  caption: caption)
    }

    /// The bundled GenDeg-small folder, when this build ships it.
    public static func bundledModelPath() -> String? {
        Bundle.module.url(forResource: "gendeg-small", withExtension: nil, subdirectory: "models")?.path
    }
}
