import Foundation

/// One sample of a synthesis run: the `index`-th degraded version of one image for one type.
public struct SynthesisJob: Equatable, Sendable {
    public let source: SourceImage
    public let type: DegradationType
    public let index: Int

    /// Stable across runs and shardings: "<type>/<stem>-<sha8>_<index>".
    public var id: String { "\(type.rawValue)/\(source.key)_\(index)" }
    public var fileName: String { "\(source.key)_\(index).png" }
}

/// A clean input image, identified by its content.
public struct SourceImage: Equatable, Sendable {
    public let path: String
    public let sha256: String

    /// File stem plus the start of the content hash, so equal names in different folders differ.
    public var key: String {
        let stem = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
        let safe = String(stem.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" ? $0 : "_" })
        return "\(safe)-\(sha256.prefix(8))"
    }
}

/// A shard "i/n": this process does jobs whose position modulo n is i.
public struct Shard: Equatable, Sendable, CustomStringConvertible {
    public let index: Int
    public let count: Int

    public static let whole = Shard(index: 0, count: 1)

    public init(index: Int, count: Int) {
        precondition(count > 0 && (0..<count).contains(index))
        self.index = index
        self.count = count
    }

    /// Parses "i/n" with 0 <= i < n.
    public init?(argument: String) {
        let parts = argument.split(separator: "/").map { Int($0) }
        guard parts.count == 2, let i = parts[0], let n = parts[1], n > 0, (0..<n).contains(i) else { return nil }
        self.init(index: i, count: n)
    }

    public var description: String { "\(index)/\(count)" }
    public var fileTag: String { "\(index)-of-\(count)" }
}

/// Everything that defines which samples a run makes; identical on every machine of a sharded run.
public struct SynthesisPlan: Sendable {
    public let sources: [SourceImage]
    public let types: [DegradationType]
    public let perImage: Int
    public let seed: UInt64
    public let intensity: IntensitySpec
    let catalog: IntensityStatsCatalog
    let samplers: [DegradationType: GenDSIntensitySampler]

    /// Hashes each image's content and sorts by (hash, path), so the job order does not depend
    /// on the order folders list their files.
    public init(imagePaths: [String], types: [DegradationType], perImage: Int, seed: UInt64, intensity: IntensitySpec,
                catalog: IntensityStatsCatalog) throws {
        try ParameterLimits.distinct(types, "--types", spelled: \.rawValue)
        try ParameterLimits.check(perImage, in: ParameterLimits.perImage, "--per-image")
        var seen = Set<String>()
        var sources = [SourceImage]()
        for path in imagePaths {
            let hash = try SHA256.hex(fileAt: path)
            if seen.insert(hash).inserted { sources.append(SourceImage(path: path, sha256: hash)) }
        }
        let samples = MemoryBudget.product(sources.count, types.count, perImage)
        guard ParameterLimits.synthesisSamples.contains(samples) || sources.isEmpty || types.isEmpty else {
            throw ParameterError("--per-image", "\(sources.count) images x \(types.count) types x \(perImage) per image is \(samples == Int.max ? "too many" : String(samples)) samples; one run makes at most \(ParameterLimits.synthesisSamples.upperBound) (split the images into several runs)")
        }
        self.sources = sources.sorted { ($0.sha256, $0.path) < ($1.sha256, $1.path) }
        self.types = types
        self.perImage = perImage
        self.seed = seed
        self.intensity = intensity
        self.catalog = catalog
        samplers = Dictionary(uniqueKeysWithValues: types.map { ($0, GenDSIntensitySampler(catalog: catalog, type: $0)) })
    }

    /// All jobs in canonical order: image, then type, then index.
    public var jobs: [SynthesisJob] {
        sources.flatMap { source in
            types.flatMap { type in (0..<perImage).map { SynthesisJob(source: source, type: type, index: $0) } }
        }
    }

    public func jobs(in shard: Shard) -> [SynthesisJob] {
        jobs.enumerated().filter { $0.offset % shard.count == shard.index }.map(\.element)
    }

    /// The seed of one sample: a function of (run seed, image content, type, index) only.
    public func sampleSeed(for job: SynthesisJob) -> UInt64 {
        var random = SeededRandom(seed, Self.fold(job.source.sha256), UInt64(DegradationType.allCases.firstIndex(of: job.type)!),
                                  UInt64(job.index))
        return random.next()
    }

    /// The intensity of one sample, drawn from its own stream.
    public func intensity(for job: SynthesisJob) -> IntensityDraw {
        var random = SeededRandom(sampleSeed(for: job), 0x1D7E_5117)
        switch intensity {
        case .fixed(let mu, let sigma):
            return IntensityDraw(mu: mu, sigma: sigma ?? catalog.typicalSigma(for: job.type, mu: mu), dataset: nil, source: .fixed)
        case .uniform(let range):
            let mu = range.lowerBound + (range.upperBound - range.lowerBound) * Double(random.next() >> 11) / Double(1 << 53)
            return IntensityDraw(mu: mu, sigma: catalog.typicalSigma(for: job.type, mu: mu), dataset: nil, source: .range)
        case .gends:
            // GenDeg's one draw in twenty, as an independent 1/20 chance per sample (not GenDeg's
            // counter over its loop), so that a sample never depends on which shard makes it.
            let uniform = random.next() % 20 == 0
            return samplers[job.type]!.draw(uniform: uniform, using: &random)
        }
    }

    static func fold(_ hex: String) -> UInt64 {
        UInt64(hex.prefix(16), radix: 16) ?? 0
    }
}
