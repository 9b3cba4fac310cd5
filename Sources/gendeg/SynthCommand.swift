import ArgumentParser
import Foundation
import GenDegEngine

struct SynthCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "synth",
        abstract: "Synthesizes a paired dataset (GenDS-style intensities), sharded and resumable.",
        discussion: """
            Every sample depends only on (--seed, image content, type, index), so any --shard i/n \
            split makes the same set. Run the same command again after an interruption to finish \
            the job; OUT/run.json keeps the run's options, and a run with other options into the \
            same OUT is refused. Folders given to --images are searched recursively. Merge shard \
            manifests with `gendeg synth-merge OUT`.

            \(DegradationType.spellingNote)

            Example: gendeg synth --images photos/ --out data/ --types haze,rain
            """
    )

    @Option(name: .customLong("images"), parsing: .upToNextOption, help: "Folders or files of clean images.")
    var images: [String]
    @Option(help: "Output folder.") var out: String
    @Option(help: "Comma-separated types, or 'all'.") var types: String = "all"
    @Option(help: "Samples per image and type.") var perImage: Int = 1
    @Option(help: "physical | diffusion") var generator: String = "physical"
    @Option(help: "Diffusion model for --generator diffusion, a checkpoint file or a diffusers-style folder (default: the bundled GenDeg-small; `gendeg models` lists it).")
    var model: String?
    @Option(help: "LDM config YAML for a bare checkpoint (GenDeg's configs/generate.yaml layout); default: NAME.yaml beside NAME.ckpt.")
    var config: String?
    @Option(name: .customLong("structure-correction"),
            help: "GenDeg's structure-correction NAFNet for --generator diffusion (haze, motion blur and raindrops).")
    var structureCorrection: String?
    @Option(name: .customLong("structure-correction-rule"),
            help: "auto: haze, motion blur and raindrops only, as the reference's --auto_s; always: every type.")
    var structureCorrectionRule: StructureCorrectionRule?
    @Option(help: "Diffusion preset: fast (default: the model's resolution and guidance, 20 steps) | reference (run_single.py: 512x512, 100 steps, 7.5 / 1.5, square output).")
    var preset: GenDegPreset?
    @Option(help: "JSON or CSV mapping clean image file names to captions (diffusion; default caption: the model's, \"a photo\").")
    var captions: String?
    @Option(help: "Diffusion sampling steps (default: the preset's, 20).") var steps: Int?
    @Option(help: "Diffusion sampler: euler-a (default) | ddim | dpmpp-2m") var sampler: SamplerKind?
    @Option(name: .customLong("cfg-text"), help: "Text guidance (default: the model's recommendation, else GenDeg's 7.5).")
    var cfgText: Double?
    @Option(name: .customLong("cfg-image"), help: "Image guidance (default: the model's recommendation, else GenDeg's 1.5).")
    var cfgImage: Double?
    @Option(help: "Run seed.") var seed: UInt64 = 0
    @Option(help: "This process's shard, i/n.") var shard: String = "0/1"
    @Option(help: "Parallel workers (default: every core, at most \(ParameterLimits.workers.upperBound)).") var workers: Int?
    @Option(help: "gends (GenDS's real-data histograms), a fixed mu like 0.12 or 0.12:0.08 (mu:sigma), or a range like 0.05-0.3.")
    var intensity: String = "gends"

    func run() throws {
        guard let shard = Shard(argument: shard) else { throw CLIError("--shard must be i/n with 0 <= i < n, got '\(self.shard)'") }
        guard let spec = IntensitySpec(argument: intensity) else { throw CLIError("--intensity: cannot read '\(intensity)'") }
        try ParameterLimits.check(perImage, in: ParameterLimits.perImage, "--per-image")
        if let workers { try ParameterLimits.check(workers, in: ParameterLimits.workers, "--workers") }
        let chosenTypes = try ParameterLimits.distinct(try parseTypes(types), "--types", spelled: \.rawValue)
        if let steps { try ParameterLimits.check(steps, in: ParameterLimits.steps, "--steps") }
        if let cfgText { try ParameterLimits.check(cfgText, in: ParameterLimits.guidance, "--cfg-text") }
        if let cfgImage { try ParameterLimits.check(cfgImage, in: ParameterLimits.guidance, "--cfg-image") }
        let paths = try ImageDiscovery.imagesRecursively(at: images, excluding: out)
        let chosenGenerator = try makeGenerator()
        let plan = try SynthesisPlan(imagePaths: paths, types: chosenTypes, perImage: perImage, seed: seed, intensity: spec,
                                     catalog: try IntensityStatsCatalog.bundled())
        let runner = SynthesisRunner(plan: plan, shard: shard, outputFolder: out, generator: chosenGenerator,
                                     settings: try samplingSettings(for: chosenGenerator),
                                     workers: workers ?? min(ProcessInfo.processInfo.activeProcessorCount, ParameterLimits.workers.upperBound),
                                     captions: try captions.map { try CaptionTable.read($0) })
        let bar = ProgressBar(label: "synth \(shard)")
        let interrupted = InterruptFlag.install()
        let records = try runner.run(progress: { bar.update($0) }, shouldStop: { interrupted.isSet })
        bar.finish()
        if interrupted.isSet {
            FileHandle.standardError.write(Data("interrupted: \(records.count) samples are done; run the same command to go on\n".utf8))
            throw ExitCode(130)
        }
        print(SynthesisSummary(records: records).rendered())
        print("manifest: \(runner.manifestPath)")
    }

    func parseTypes(_ text: String) throws -> [DegradationType] {
        if text == "all" { return DegradationType.allCases }
        return try text.split(separator: ",").map {
            guard let type = DegradationType(cliName: String($0)) else {
                throw CLIError("unknown type '\($0)'; choose from \(DegradationType.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            return type
        }
    }

    func makeGenerator() throws -> DegradationGenerator {
        switch generator {
        case "physical":
            let diffusionOnly: [(String, Bool)] = [
                ("--model", model != nil), ("--config", config != nil), ("--preset", preset != nil), ("--captions", captions != nil), ("--structure-correction", structureCorrection != nil),
                ("--structure-correction-rule", structureCorrectionRule != nil), ("--steps", steps != nil),
                ("--sampler", sampler != nil), ("--cfg-text", cfgText != nil), ("--cfg-image", cfgImage != nil),
            ]
            if let (option, _) = diffusionOnly.first(where: \.1) { throw CLIError("\(option) needs --generator diffusion") }
            return PhysicalGenerator()
        case "diffusion":
            guard let model = model ?? DiffusionGenerators.bundledModelPath() else {
                throw CLIError("--generator diffusion: no --model given and this build bundles no GenDeg model")
            }
            if structureCorrectionRule != nil, structureCorrection == nil {
                throw CLIError("--structure-correction-rule needs --structure-correction PATH")
            }
            let loaded = try DiffusionGenerators.load(model: model, structureCorrection: structureCorrection,
                                                      rule: structureCorrectionRule ?? .auto, config: config)
            if let source = (loaded as? DiffusionGenerator)?.pipeline.model.architectureSource { print(source) }
            return loaded
        default: throw CLIError("--generator must be physical or diffusion, got '\(generator)'")
        }
    }

    /// The model's recommended settings (as `gendeg generate` and the explorer use), with the
    /// options given on the command line in their place; nil for the physical generator.
    func samplingSettings(for generator: DegradationGenerator) throws -> GeneratorSettings? {
        guard let diffusion = generator as? DiffusionGenerator else { return nil }
        let chosen = preset ?? .fast
        var settings = chosen.settings(for: diffusion.pipeline.model)
        print(chosen.summary(for: diffusion.pipeline.model))
        if let steps { settings.steps = steps }
        if let sampler { settings.sampler = sampler }
        if let cfgText { settings.textGuidance = cfgText }
        if let cfgImage { settings.imageGuidance = cfgImage }
        return try settings.checked(prefix: "--")
    }
}

struct SynthMergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "synth-merge",
        abstract: "Merges the shard manifests of a synthesis output folder into manifest.jsonl.",
        discussion: """
            Run it once every shard of a `gendeg synth --shard i/n` run has finished.

            Example: gendeg synth-merge data/
            """
    )

    @Argument(help: "The output folder the shards wrote to.") var folder: String

    func run() throws {
        let records = try SynthesisManifest.merge(folder: folder)
        print(SynthesisSummary(records: records).rendered())
        print("merged \(records.count) samples into \((folder as NSString).appendingPathComponent(SynthesisManifest.mergedName))")
    }
}
