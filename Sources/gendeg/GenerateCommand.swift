import ArgumentParser
import Foundation
import GenDegEngine

extension SamplerKind: ExpressibleByArgument {}
extension NoiseSourceKind: ExpressibleByArgument {}
extension StructureCorrectionRule: ExpressibleByArgument {}
extension GenDegPreset: ExpressibleByArgument {}

struct GenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Degrades an image with a GenDeg diffusion model at a chosen (mu, sigma).",
        discussion: """
            PATH may be the official LDM checkpoint (gendeg.ckpt), a safetensors file with the same \
            names, or a diffusers-style folder such as the bundled GenDeg-small (`gendeg models` \
            lists it). A bare checkpoint's architecture comes from --config (an LDM YAML), else \
            NAME.yaml beside it. --preset fast (the default): the model's resolution and \
            recommended guidance, 20 Euler ancestral steps, output at the input's size. --preset \
            reference: run_single.py's defaults, a 512x512 input, 100 Euler ancestral steps, text \
            7.5 / image 1.5, output written at 512x512. Options given on the command line override \
            the preset. Without --sigma, the most common sigma of real images at the requested mu \
            is used and printed.

            \(DegradationType.spellingNote)

            Example: gendeg generate photo.png rainy.png --type rain --mu 0.12
            """
    )

    @Argument(help: "Clean input image.") var input: String
    @Argument(help: "Output PNG.") var output: String
    @Option(help: "GenDeg model (checkpoint file or folder); default: the bundled GenDeg-small.") var model: String?
    @Option(name: .customLong("type"), help: "haze | rain | snow | motion-blur | low-light | raindrop") var type: DegradationType
    @Option(help: "Target mu in [0, 0.7].") var mu: Double
    @Option(help: "Target sigma in [0, 0.4] (default: the most common sigma of real images of this type at this mu, as the explorer uses; printed).")
    var sigma: Double?
    @Option(help: "LDM config YAML for a bare checkpoint (GenDeg's configs/generate.yaml layout); default: NAME.yaml beside NAME.ckpt.")
    var config: String?
    @Option(help: "Caption before the degradation phrase.") var caption: String?
    @Option(help: "Folder with CLIP's vocab.json and merges.txt (default: the bundled CLIP BPE).") var tokenizer: String?
    @Option(help: "fast: the model's resolution and guidance, 20 steps | reference: run_single.py's 512x512, 100 steps, 7.5 / 1.5, square output.")
    var preset: GenDegPreset = .fast
    @Option(help: "Sampling steps (default: the preset's).") var steps: Int?
    @Option(help: "Random seed.") var seed: UInt64 = 0
    @Option(help: "euler-a | ddim | dpmpp-2m (default: the preset's, euler-a)") var sampler: SamplerKind?
    @Option(help: "Noise generator: torch-cpu reproduces torch.manual_seed + torch.randn on the CPU, torch-cuda on a GPU.")
    var rng: NoiseSourceKind = .torchCPU
    @Option(name: .customLong("cfg-text"), help: "Text guidance (default: the model's recommendation, else GenDeg's 7.5).")
    var cfgText: Float?
    @Option(name: .customLong("cfg-image"), help: "Image guidance (default: the model's recommendation, else GenDeg's 1.5).")
    var cfgImage: Float?
    @Option(help: "Square side the model works at (default: the model's).") var resolution: Int?
    @Option(name: .customLong("structure-correction"),
            help: "GenDeg's structure-correction NAFNet (nafnet_sd.ckpt), applied after decoding.")
    var structureCorrection: String?
    @Option(name: .customLong("structure-correction-rule"),
            help: "auto: haze, motion blur and raindrops only, as the reference's --auto_s; always: every type.")
    var structureCorrectionRule: StructureCorrectionRule = .auto

    func validate() throws {
        try ParameterLimits.check(mu, in: ParameterLimits.mu, "--mu")
        if let sigma { try ParameterLimits.check(sigma, in: ParameterLimits.sigma, "--sigma") }
        if let steps { try ParameterLimits.check(steps, in: ParameterLimits.steps, "--steps") }
        if let cfgText { try ParameterLimits.check(cfgText, in: ParameterLimits.guidance, "--cfg-text") }
        if let cfgImage { try ParameterLimits.check(cfgImage, in: ParameterLimits.guidance, "--cfg-image") }
        if let resolution { try ParameterLimits.check(resolution, in: ParameterLimits.resolution, "--resolution") }
        try requirePNGOutput(output)
        try OutputPaths.requireDistinct(outputs: [("OUTPUT", output)], inputs: [
            ("INPUT", input), ("--model", model), ("--config", config), ("--structure-correction", structureCorrection),
        ])
    }

    func run() throws {
        guard let path = model ?? DiffusionGenerators.bundledModelPath() else {
            throw CLIError("no --model given and this build bundles no GenDeg model")
        }
        let clean = try ImageIO.read(input)
        let sigma = try self.sigma ?? typicalSigma()
        let loaded = try GenDegModel.load(path: path, tokenizerFolder: tokenizer, config: config)
        if let source = loaded.architectureSource { print(source) }
        let side = resolution ?? preset.resolution(for: loaded)
        try loaded.checkRun(resolution: side, name: resolution != nil ? "--resolution"
                           : preset == .fast ? "\(path) (its resolution)" : "--preset \(preset.rawValue)")
        let correction = try structureCorrection.map { try StructureCorrection(checkpoint: $0, rule: structureCorrectionRule) }
        let guidance = preset.guidance(for: loaded)
        var parameters = GenDegParameters(
            type: type, mu: mu, sigma: sigma, caption: caption ?? loaded.defaultCaption, steps: steps ?? preset.steps,
            sampler: sampler ?? preset.sampler, textGuidance: cfgText ?? Float(guidance.text),
            imageGuidance: cfgImage ?? Float(guidance.image), seed: seed, rng: rng, resolution: side,
            structureCorrection: correction)
        parameters.squareOutput = preset.squareOutput
        print(preset.summary(for: loaded))
        print("prompt: \(parameters.prompt)")
        let bar = StepBar(label: "\(loaded.displayName) \(type.rawValue)")
        let interrupted = InterruptFlag.install()
        let image: RGBImage
        do {
            image = try GenDegPipeline(model: loaded).generate(clean: clean, parameters: parameters) { step, total, _ in
                bar.update(step: step + 1, total: total)
                return !interrupted.isSet
            }
        } catch SamplerError.cancelled {
            bar.finish()
            throw CLIError("interrupted; nothing was written")
        }
        bar.finish()
        if let correction, !correction.applies(to: type) {
            print("structure correction skipped: rule '\(correction.rule.rawValue)' leaves \(type.rawValue) as generated")
        }
        try ImageIO.writePNG(image, to: output)
        let stats = DegradationStats.measure(clean: clean, degraded: image)
        let target = loaded.conditioning == nil ? GenDegModel.noConditioningLabel : String(format: "target mu %.4f sigma %.4f", mu, sigma)
        print(String(format: "%@ %@  measured mu %.4f sigma %.4f", type.rawValue, target, stats.mu, stats.sigma))
    }

    /// The explorer's rule when no sigma is given: the mode of real images' sigma at this mu.
    func typicalSigma() throws -> Double {
        let chosen = try IntensityStatsCatalog.bundled().typicalSigma(for: type, mu: mu)
        FileHandle.standardError.write(Data(String(format: "--sigma not given: using %.4f, the most common sigma of real %@ images at mu %.4f\n",
                                                   chosen, type.displayName, mu).utf8))
        return chosen
    }
}

struct InspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Lists a checkpoint's tensors (name, dtype, shape) and the architecture and config it holds.",
        discussion: """
            Reads names and shapes only; no weights are loaded.

            Example: gendeg inspect NAFNet-GoPro-width32.pth
            """
    )

    @Argument(help: "A .ckpt/.pth/.safetensors file or a diffusers-style folder.") var file: String
    @Option(help: "LDM config YAML whose architecture to show with it; default: NAME.yaml beside NAME.ckpt.")
    var config: String?

    func run() throws {
        print(try ModelInspection.inspect(file).render())
        if let yaml = try (config ?? LDMModelConfig.besideCheckpoint(file)).map({ try LDMModelConfig.read($0) }) {
            print(try LDMArchitectureSummary.render(yaml, checkpoint: file))
        }
    }
}
