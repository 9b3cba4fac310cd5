/// Named sampling defaults for GenDeg. `reference` is exactly what the reference's
/// run_single.py does with no options: the input resized to a 512x512 square, 100 Euler
/// ancestral steps, text guidance 7.5 and image guidance 1.5, and the output written at that
/// square. `fast` is gendeg's own default: the model's resolution and recommended guidance,
/// 20 steps, and the output resized back to the input's size.
public enum GenDegPreset: String, CaseIterable, Sendable, Codable {
    case fast, reference

    public static let referenceResolution = 512

    public var steps: Int { self == .reference ? 100 : 20 }
    public var sampler: SamplerKind { .eulerAncestral }
    /// run_single.py saves the sampled square as it is.
    public var squareOutput: Bool { self == .reference }

    public func resolution(for model: GenDegModel) -> Int { self == .reference ? Self.referenceResolution : model.resolution }

    public func guidance(for model: GenDegModel) -> (text: Double, image: Double) {
        self == .reference ? (7.5, 1.5) : model.recommendedGuidance ?? (7.5, 1.5)
    }

    public func settings(for model: GenDegModel) -> GeneratorSettings {
        let (text, image) = guidance(for: model)
        return GeneratorSettings(steps: steps, sampler: sampler, textGuidance: text, imageGuidance: image,
                          // nil reads as fast, so settings made before presets existed compare equal.
                          preset: self == .fast ? nil : rawValue)
    }

    /// One line for the command's output.
    public func summary(for model: GenDegModel) -> String {
        let side = resolution(for: model)
        let (text, image) = guidance(for: model)
        let output = squareOutput ? "output \(side)x\(side) as run_single.py writes it" : "output at the input's size"
        return "preset \(rawValue): \(side)x\(side) input, \(steps) steps \(sampler.rawValue), text \(text) / image \(image), \(output)"
    }
}
