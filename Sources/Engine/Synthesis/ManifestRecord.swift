import Foundation

/// One line of a synthesis manifest (JSONL): everything needed to find, trust and reproduce a
/// sample. Every key is always written; what does not apply to a sample is null.
public struct ManifestRecord: Codable, Equatable, Sendable {
    public var id: String
    public var input: String          // degraded image, relative to the output folder
    public var target: String         // clean image, relative to the output folder
    public var type: String
    public var index: Int
    public var targetMu: Double
    public var targetSigma: Double
    public var measuredMu: Double
    public var measuredSigma: Double
    public var intensity: Double?     // physical slider value that reached the target
    public var dataset: String?       // real dataset the target was drawn from
    public var intensitySource: IntensitySource
    public var clampedToReach: Bool   // the target lay outside the model's reach on this image
    public var generator: String
    public var synthetic: Bool        // a generative (diffusion) model made the input image
    public var modelSHA256: String?   // see ModelHash
    public var steps: Int?            // diffusion sampling settings; null for the physical generator
    public var sampler: SamplerKind?
    public var cfgText: Double?
    public var cfgImage: Double?
    public var preset: String?        // GenDegPreset of a diffusion sample ("fast" or "reference")
    public var caption: String?       // caption and full prompt a diffusion sample was conditioned on
    public var prompt: String?
    public var seed: UInt64           // this sample's seed, derived from the run seed
    public var runSeed: UInt64        // the run's --seed
    public var sourcePath: String
    public var sourceSHA256: String
    public var gendegVersion: String

    public static let keys: [String] = CodingKeys.allCases.map(\.rawValue)

    enum CodingKeys: String, CodingKey, CaseIterable {
        case id, input, target, type, index, intensity, dataset, generator, synthetic, steps, sampler, seed, preset, caption, prompt
        case targetMu = "target_mu", targetSigma = "target_sigma"
        case measuredMu = "measured_mu", measuredSigma = "measured_sigma"
        case intensitySource = "intensity_source", clampedToReach = "clamped_to_reach"
        case modelSHA256 = "model_sha256", cfgText = "cfg_text", cfgImage = "cfg_image", runSeed = "run_seed"
        case sourcePath = "source_path", sourceSHA256 = "source_sha256"
        case gendegVersion = "gendeg_version"
    }

    /// The sampling settings, or nil for a generator that takes none.
    public var settings: GeneratorSettings? {
        get {
            guard let steps, let sampler, let cfgText, let cfgImage else { return nil }
            return GeneratorSettings(steps: steps, sampler: sampler, textGuidance: cfgText, imageGuidance: cfgImage,
                                     preset: preset == GenDegPreset.fast.rawValue ? nil : preset)
        }
        set {
            steps = newValue?.steps
            sampler = newValue?.sampler
            cfgText = newValue?.textGuidance
            cfgImage = newValue?.imageGuidance
            preset = newValue.map { $0.preset ?? GenDegPreset.fast.rawValue }
        }
    }

    /// Writes absent values as null (the synthesized encoder would leave their keys out).
    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(input, forKey: .input)
        try container.encode(target, forKey: .target)
        try container.encode(type, forKey: .type)
        try container.encode(index, forKey: .index)
        try container.encode(targetMu, forKey: .targetMu)
        try container.encode(targetSigma, forKey: .targetSigma)
        try container.encode(measuredMu, forKey: .measuredMu)
        try container.encode(measuredSigma, forKey: .measuredSigma)
        try container.encode(intensity, forKey: .intensity)
        try container.encode(dataset, forKey: .dataset)
        try container.encode(intensitySource, forKey: .intensitySource)
        try container.encode(clampedToReach, forKey: .clampedToReach)
        try container.encode(generator, forKey: .generator)
        try container.encode(synthetic, forKey: .synthetic)
        try container.encode(modelSHA256, forKey: .modelSHA256)
        try container.encode(steps, forKey: .steps)
        try container.encode(sampler, forKey: .sampler)
        try container.encode(cfgText, forKey: .cfgText)
        try container.encode(cfgImage, forKey: .cfgImage)
        try container.encode(preset, forKey: .preset)
        try container.encode(caption, forKey: .caption)
        try container.encode(prompt, forKey: .prompt)
        try container.encode(seed, forKey: .seed)
        try container.encode(runSeed, forKey: .runSeed)
        try container.encode(sourcePath, forKey: .sourcePath)
        try container.encode(sourceSHA256, forKey: .sourceSHA256)
        try container.encode(gendegVersion, forKey: .gendegVersion)
    }

    public func jsonLine() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }
}

extension ManifestRecord {
    /// Lines written before `synthetic` existed lack it: a diffusion model's lines were the ones
    /// with a model hash, so resuming such a run neither drops nor mislabels them.
    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        input = try container.decode(String.self, forKey: .input)
        target = try container.decode(String.self, forKey: .target)
        type = try container.decode(String.self, forKey: .type)
        index = try container.decode(Int.self, forKey: .index)
        targetMu = try container.decode(Double.self, forKey: .targetMu)
        targetSigma = try container.decode(Double.self, forKey: .targetSigma)
        measuredMu = try container.decode(Double.self, forKey: .measuredMu)
        measuredSigma = try container.decode(Double.self, forKey: .measuredSigma)
        intensity = try container.decodeIfPresent(Double.self, forKey: .intensity)
        dataset = try container.decodeIfPresent(String.self, forKey: .dataset)
        intensitySource = try container.decode(IntensitySource.self, forKey: .intensitySource)
        clampedToReach = try container.decode(Bool.self, forKey: .clampedToReach)
        generator = try container.decode(String.self, forKey: .generator)
        modelSHA256 = try container.decodeIfPresent(String.self, forKey: .modelSHA256)
        synthetic = try container.decodeIfPresent(Bool.self, forKey: .synthetic) ?? (modelSHA256 != nil)
        steps = try container.decodeIfPresent(Int.self, forKey: .steps)
        sampler = try container.decodeIfPresent(SamplerKind.self, forKey: .sampler)
        cfgText = try container.decodeIfPresent(Double.self, forKey: .cfgText)
        cfgImage = try container.decodeIfPresent(Double.self, forKey: .cfgImage)
        preset = try container.decodeIfPresent(String.self, forKey: .preset)
        caption = try container.decodeIfPresent(String.self, forKey: .caption)
        prompt = try container.decodeIfPresent(String.self, forKey: .prompt)
        seed = try container.decode(UInt64.self, forKey: .seed)
        runSeed = try container.decode(UInt64.self, forKey: .runSeed)
        sourcePath = try container.decode(String.self, forKey: .sourcePath)
        sourceSHA256 = try container.decode(String.self, forKey: .sourceSHA256)
        gendegVersion = try container.decode(String.self, forKey: .gendegVersion)
    }
}
