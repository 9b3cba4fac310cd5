import Foundation

/// Progress of a synthesis run, for progress bars.
public struct SynthesisProgress: Sendable {
    public var done: Int
    public var total: Int
    public var skipped: Int
    public var elapsed: Double
    public var samplesPerSecond: Double { elapsed > 0 ? Double(done - skipped) / elapsed : 0 }
    public var secondsLeft: Double? { samplesPerSecond > 0 ? Double(total - done) / samplesPerSecond : nil }
}

/// Runs one shard of a plan into an output folder laid out as most all-in-one restoration
/// trainers read it: `<type>/input/<name>.png` (degraded) beside `<type>/target/<name>.png`
/// (clean, hard-linked or copied), plus a JSONL manifest per shard.
///
/// Resumable: samples already in the shard's manifest are skipped; images are written
/// atomically before their manifest line, so a kill at any point loses at most work in flight.
public final class SynthesisRunner: @unchecked Sendable {
    public let plan: SynthesisPlan
    public let shard: Shard
    public let outputFolder: String
    public let generator: DegradationGenerator
    /// The diffusion sampling settings every sample uses; nil for the physical generator.
    public let settings: GeneratorSettings?
    public let workers: Int
    /// Per-image captions for a diffusion generator (nil: the model's default caption).
    public let captions: CaptionTable?
    let lock = NSLock()
    var modelHash: String?

    /// `settings` default to the generator's recommended ones (GenDeg-small's text guidance 3.0),
    /// as `gendeg generate` and the explorer use; a physical generator takes none.
    public init(plan: SynthesisPlan, shard: Shard, outputFolder: String, generator: DegradationGenerator,
                settings: GeneratorSettings? = nil, workers: Int, captions: CaptionTable? = nil) {
        self.captions = captions
        self.plan = plan
        self.shard = shard
        self.outputFolder = outputFolder
        self.generator = generator
        self.settings = generator is DiffusionGenerator ? settings ?? generator.recommendedSettings : nil
        self.workers = max(1, workers)
    }

    public var manifestPath: String { path(SynthesisManifest.shardFileName(shard)) }

    func path(_ relative: String) -> String { (outputFolder as NSString).appendingPathComponent(relative) }

    /// Makes every sample of the shard that is not done yet. Returns the shard's records.
    @discardableResult
    public func run(progress: @escaping @Sendable (SynthesisProgress) -> Void = { _ in },
                    shouldStop: @escaping @Sendable () -> Bool = { false }) throws -> [ManifestRecord] {
        let all = plan.jobs(in: shard)
        do {
            try FileManager.default.createDirectory(atPath: outputFolder, withIntermediateDirectories: true)
        } catch {
            throw SynthesisError.badOutputFolder(outputFolder, "cannot create it: \(FileError.reason(of: error))")
        }
        let shardLock = try ShardLock.acquire(folder: outputFolder, shard: shard)
        defer { shardLock.release() }
        AtomicFile.removeStaleTemporaries(in: outputFolder)
        modelHash = try generator.modelFile.map { try Self.hash(model: $0) }
        try identity().claim(folder: outputFolder)
        try prepareFolders(jobs: all)
        var records = SynthesisManifest.read(manifestPath)
        // Rewrite cleanly: drops a line a previous kill may have cut short.
        try SynthesisManifest.write(records, to: manifestPath)
        let done = Set(records.map(\.id))
        let pending = all.filter { !done.contains($0.id) }
        let start = Date()
        var next = 0, finished = all.count - pending.count
        let skipped = finished
        var failure: Error?
        progress(SynthesisProgress(done: finished, total: all.count, skipped: skipped, elapsed: 0))
        DispatchQueue.concurrentPerform(iterations: min(workers, max(pending.count, 1))) { _ in
            while true {
                lock.lock()
                let stop = failure != nil || next >= pending.count || shouldStop()
                let job = stop ? nil : pending[next]
                next += 1
                lock.unlock()
                guard let job else { return }
                do {
                    let record = try make(job)
                    lock.lock()
                    defer { lock.unlock() }
                    try SynthesisManifest.append(record, to: manifestPath)
                    records.append(record)
                    finished += 1
                    progress(SynthesisProgress(done: finished, total: all.count, skipped: skipped,
                                               elapsed: Date().timeIntervalSince(start)))
                } catch {
                    lock.lock()
                    if failure == nil { failure = SynthesisError.sampleFailed(job.id, "\(error)") }
                    lock.unlock()
                }
            }
        }
        if let failure { throw failure }
        return records.sorted { $0.id < $1.id }
    }

    /// What makes this run this run, checked against the output folder's run.json.
    func identity() throws -> SynthesisRunIdentity {
        let correction = try (generator as? DiffusionGenerator)?.structureCorrection.map {
            (sha256: try Self.hash(model: $0.corrector.path), rule: $0.rule.rawValue)
        }
        return SynthesisRunIdentity(plan: plan, generator: generator.name, modelSHA256: modelHash,
                                    structureCorrection: correction, settings: settings)
    }

    static func hash(model path: String) throws -> String {
        do { return try ModelHash.sha256(ofModelAt: path) } catch {
            throw SynthesisError.unreadableModel(path, "\(error)")
        }
    }

    /// Creates the layout and removes the temporary files a killed run of this shard may
    /// have left (this shard's lock is held, so no live process writes them), and any other
    /// temporary whose process is gone. Other shards' files of live processes are not touched:
    /// they may be writing theirs into the same folders right now.
    func prepareFolders(jobs: [SynthesisJob]) throws {
        for type in plan.types {
            for side in ["input", "target"] {
                do {
                    try FileManager.default.createDirectory(atPath: path("\(type.rawValue)/\(side)"), withIntermediateDirectories: true)
                } catch {
                    throw SynthesisError.badOutputFolder(outputFolder, "cannot create folders: \(FileError.reason(of: error))")
                }
            }
        }
        var mine = Set(jobs.map(\.fileName))
        mine.insert(SynthesisManifest.shardFileName(shard))
        for folder in plan.types.flatMap({ ["\($0.rawValue)/input", "\($0.rawValue)/target"] }) + [""] {
            let full = folder.isEmpty ? outputFolder : path(folder)
            for name in (try? FileManager.default.contentsOfDirectory(atPath: full)) ?? [] where Self.isLeftover(name, of: mine) {
                unlink((full as NSString).appendingPathComponent(name))
            }
            AtomicFile.removeStaleTemporaries(in: full)
        }
    }

    /// AtomicFile's temporaries are ".<name>.<pid>.<random>.tmp"; target links "<name>.link-<pid>".
    static func isLeftover(_ name: String, of files: Set<String>) -> Bool {
        if name.hasPrefix("."), name.hasSuffix(".tmp") {
            let inner = name.dropFirst()
            return files.contains { inner.hasPrefix($0 + ".") }
        }
        if let range = name.range(of: ".link-") { return files.contains(String(name[..<range.lowerBound])) }
        return false
    }

    /// Makes one sample: degraded image, clean target, manifest record.
    func make(_ job: SynthesisJob) throws -> ManifestRecord {
        let clean = try ImageIO.read(job.source.path)
        let draw = plan.intensity(for: job)
        let seed = plan.sampleSeed(for: job)
        var request = GenerationRequest(clean: clean, type: job.type, targetMu: draw.mu, targetSigma: draw.sigma, seed: seed)
        if let settings { request.settings = settings }
        let diffusion = generator as? DiffusionGenerator
        if let diffusion {
            request.caption = captions?.caption(for: job.source.path) ?? diffusion.pipeline.model.defaultCaption
            request.mixedWithHaze = MixedHazeDatasets.applies(type: job.type, dataset: draw.dataset)
        }
        let generated = try generator.generate(request) { _ in true }
        let stats = DegradationStats.measure(clean: clean, degraded: generated.image)
        // A physical model cannot reach every real intensity on every photo: past its reach it
        // gives its strongest result (slider 1), and the manifest says the target was clamped.
        let clamped = generated.intensity == 1 && stats.mu < draw.mu - 0.005
        let input = "\(job.type.rawValue)/input/\(job.fileName)"
        let target = "\(job.type.rawValue)/target/\(job.fileName)"
        try ImageIO.writePNG(generated.image, to: path(input))
        if generated.image.width == clean.width, generated.image.height == clean.height {
            try placeTarget(job: job, clean: clean, at: path(target))
        } else if !FileManager.default.fileExists(atPath: path(target)) {
            // The reference preset writes the sampled square; its clean side is resized the same way.
            try ImageIO.writePNG(clean.resized(width: generated.image.width, height: generated.image.height), to: path(target))
        }
        var record = ManifestRecord(
            id: job.id, input: input, target: target, type: job.type.rawValue, index: job.index,
            targetMu: draw.mu, targetSigma: draw.sigma, measuredMu: stats.mu, measuredSigma: stats.sigma,
            intensity: generated.intensity, dataset: draw.dataset, intensitySource: draw.source, clampedToReach: clamped,
            generator: generator.name, synthetic: generator.isSynthetic, modelSHA256: modelHash, seed: seed, runSeed: plan.seed,
            sourcePath: job.source.path, sourceSHA256: job.source.sha256, gendegVersion: GenDegVersion.string)
        record.settings = settings
        record.prompt = generated.prompt
        record.caption = diffusion == nil ? nil : request.caption
        return record
    }

    /// The clean target: a hard link to the source when it is a PNG on the same file system,
    /// otherwise a PNG written from the decoded pixels.
    func placeTarget(job: SynthesisJob, clean: RGBImage, at target: String) throws {
        if FileManager.default.fileExists(atPath: target) { return }
        if job.source.path.lowercased().hasSuffix(".png") {
            let temporary = target + ".link-\(getpid())"
            unlink(temporary)
            if link(job.source.path, temporary) == 0 {
                if rename(temporary, target) == 0 { return }
                unlink(temporary)
            }
        }
        try ImageIO.writePNG(clean, to: target)
    }
}
