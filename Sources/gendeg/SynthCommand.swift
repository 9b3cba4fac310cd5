import ArgumentParser
import Foundation
import GenDegEngine

struct SynthCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "synth",
        abstract: "Synthesizes a paired dataset (GenDS-style intensities), sharded and resumable.",
        discussion: """
            Every sample depends only on (--seed, image content, type, index), so any --shard i/n
            split makes the same set. Run the same command again after an interruption to finish
            the job. Merge shard manifests with `gendeg synth-merge OUT`.
            """
    )

    @Option(name: .customLong("images"), parsing: .upToNextOption, help: "Folders or files of clean images.")
    var images: [String]
    @Option(help: "Output folder.") var out: String
    @Option(help: "Comma-separated types, or 'all'.") var types: String = "all"
    @Option(help: "Samples per image and type.") var perImage: Int = 1
    @Option(help: "physical | diffusion") var generator: String = "physical"
    @Option(help: "Diffusion model file (for --generator diffusion).") var model: String?
    @Option(name: .customLong("structure-correction"),
            help: "GenDeg's structure-correction NAFNet for --generator diffusion (haze, motion blur and raindrops).")
    var structureCorrection: String?
    @Option(help: "Run seed.") var seed: UInt64 = 0
    @Option(help: "This process's shard, i/n.") var shard: String = "0/1"
    @Option(help: "Parallel workers (default: every core).") var workers: Int = ProcessInfo.processInfo.activeProcessorCount
    @Option(help: "gends (default), a fixed mu like 0.12 or 0.12:0.08 (mu:sigma), or a range like 0.05-0.3.")
    var intensity: String = "gends"

    func run() throws {
        guard let shard = Shard(argument: shard) else { throw CLIError("--shard must be i/n with 0 <= i < n, got '\(self.shard)'") }
        guard let spec = IntensitySpec(argument: intensity) else { throw CLIError("--intensity: cannot read '\(intensity)'") }
        guard perImage > 0 else { throw CLIError("--per-image must be at least 1") }
        let chosenTypes = try parseTypes(types)
        let paths = try ImageDiscovery.images(at: images)
        let chosenGenerator = try makeGenerator()
        let plan = try SynthesisPlan(imagePaths: paths, types: chosenTypes, perImage: perImage, seed: seed, intensity: spec,
                                     catalog: try IntensityStatsCatalog.bundled())
        let runner = SynthesisRunner(plan: plan, shard: shard, outputFolder: out, generator: chosenGenerator, workers: workers)
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
            guard structureCorrection == nil else { throw CLIError("--structure-correction needs --generator diffusion") }
            return PhysicalGenerator()
        case "diffusion":
            guard let model else { throw CLIError("--generator diffusion needs --model PATH") }
            return try DiffusionGenerators.load(model: model, structureCorrection: structureCorrection)
        default: throw CLIError("--generator must be physical or diffusion, got '\(generator)'")
        }
    }
}

struct SynthMergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "synth-merge",
        abstract: "Merges the shard manifests of a synthesis output folder into manifest.jsonl."
    )

    @Argument(help: "The output folder the shards wrote to.") var folder: String

    func run() throws {
        let records = try SynthesisManifest.merge(folder: folder)
        print(SynthesisSummary(records: records).rendered())
        print("merged \(records.count) samples into \((folder as NSString).appendingPathComponent(SynthesisManifest.mergedName))")
    }
}
