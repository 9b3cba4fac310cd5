import Foundation

/// The options that decide which samples a run makes and what they look like, stored as
/// `run.json` in its output folder by the first process that runs into it. A later process
/// (a resume, or another shard) must bring the same identity, or it would mix samples of two
/// different runs in one folder. `--shard` and `--workers` are not part of it: every shard of
/// one run shares the folder.
public struct SynthesisRunIdentity: Codable, Equatable, Sendable {
    public static let fileName = "run.json"

    /// Number of distinct source images, and the SHA-256 of their sorted content hashes: the
    /// same photos in another folder are the same run; an added or edited photo is not.
    public var images: Int
    public var imagesSHA256: String
    public var types: [String]
    public var perImage: Int
    public var seed: UInt64
    public var intensity: String
    public var generator: String
    public var modelSHA256: String?
    public var structureCorrectionSHA256: String?
    public var structureCorrectionRule: String?
    /// Diffusion sampling settings; nil for the physical generator, which takes none.
    public var settings: GeneratorSettings?

    enum CodingKeys: String, CodingKey {
        case images, types, seed, intensity, generator, settings
        case imagesSHA256 = "images_sha256", perImage = "per_image", modelSHA256 = "model_sha256"
        case structureCorrectionSHA256 = "structure_correction_sha256", structureCorrectionRule = "structure_correction_rule"
    }

    public init(plan: SynthesisPlan, generator: String, modelSHA256: String?, structureCorrection: (sha256: String, rule: String)?,
                settings: GeneratorSettings?) {
        images = plan.sources.count
        imagesSHA256 = SHA256.hex(Data(plan.sources.map(\.sha256).sorted().joined(separator: "\n").utf8))
        types = plan.types.map(\.rawValue)
        perImage = plan.perImage
        seed = plan.seed
        intensity = plan.intensity.argument
        self.generator = generator
        self.modelSHA256 = modelSHA256
        structureCorrectionSHA256 = structureCorrection?.sha256
        structureCorrectionRule = structureCorrection?.rule
        self.settings = settings
    }

    /// Writes absent values as null, so run.json always shows every option.
    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(images, forKey: .images)
        try container.encode(imagesSHA256, forKey: .imagesSHA256)
        try container.encode(types, forKey: .types)
        try container.encode(perImage, forKey: .perImage)
        try container.encode(seed, forKey: .seed)
        try container.encode(intensity, forKey: .intensity)
        try container.encode(generator, forKey: .generator)
        try container.encode(modelSHA256, forKey: .modelSHA256)
        try container.encode(structureCorrectionSHA256, forKey: .structureCorrectionSHA256)
        try container.encode(structureCorrectionRule, forKey: .structureCorrectionRule)
        try container.encode(settings, forKey: .settings)
    }

    /// One line per option that differs, naming the command-line option: "--seed: 7 now, 42 in run.json".
    public func differences(from stored: SynthesisRunIdentity) -> [String] {
        var lines: [String] = []
        func compare<T: Equatable>(_ option: String, _ now: T, _ then: T, _ show: (T) -> String) {
            if now != then { lines.append("\(option): \(show(now)) now, \(show(then)) in \(Self.fileName)") }
        }
        func text(_ value: String?) -> String { value ?? "none" }
        compare("--images", [String(images), imagesSHA256], [String(stored.images), stored.imagesSHA256]) {
            "\($0[0]) images (content hash \($0[1].prefix(12)))"
        }
        compare("--types", types, stored.types) { $0.joined(separator: ",") }
        compare("--per-image", perImage, stored.perImage) { String($0) }
        compare("--seed", seed, stored.seed) { String($0) }
        compare("--intensity", intensity, stored.intensity) { $0 }
        compare("--generator", generator, stored.generator) { $0 }
        compare("--model", modelSHA256, stored.modelSHA256) { $0.map { "SHA-256 \($0.prefix(12))" } ?? "none" }
        compare("--structure-correction", structureCorrectionSHA256, stored.structureCorrectionSHA256) {
            $0.map { "SHA-256 \($0.prefix(12))" } ?? "none"
        }
        compare("--structure-correction-rule", structureCorrectionRule, stored.structureCorrectionRule, text)
        compare("--steps", settings?.steps, stored.settings?.steps) { $0.map(String.init) ?? "none" }
        compare("--sampler", settings?.sampler.rawValue, stored.settings?.sampler.rawValue, text)
        compare("--cfg-text", settings?.textGuidance, stored.settings?.textGuidance) { $0.map { "\($0)" } ?? "none" }
        compare("--preset", settings.map { $0.preset ?? "fast" }, stored.settings.map { $0.preset ?? "fast" }, text)
        compare("--cfg-image", settings?.imageGuidance, stored.settings?.imageGuidance) { $0.map { "\($0)" } ?? "none" }
        return lines
    }

    /// Stores this identity in `folder` if it holds none yet; otherwise checks it against the
    /// stored one and throws `SynthesisError.differentRun` naming every option that differs.
    public func claim(folder: String) throws {
        let path = (folder as NSString).appendingPathComponent(Self.fileName)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        if try AtomicFile.create(try encoder.encode(self) + Data("\n".utf8), at: path) { return }
        let stored: SynthesisRunIdentity
        do {
            stored = try JSONDecoder().decode(SynthesisRunIdentity.self, from: try InputFile.read(path))
        } catch {
            throw SynthesisError.badOutputFolder(path, "cannot read the stored run options: \(error)")
        }
        let differences = differences(from: stored)
        if !differences.isEmpty { throw SynthesisError.differentRun(folder, differences) }
    }
}
