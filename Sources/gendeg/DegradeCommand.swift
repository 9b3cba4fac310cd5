import ArgumentParser
import Foundation
import GenDegEngine

struct DegradeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "degrade",
        abstract: "Applies a physical degradation and prints the measured GenDeg mu and sigma.",
        discussion: """
            --intensity is the slider value in [0, 1]; --mu asks for a target mean absolute \
            difference (GenDeg's units, measured at 256x256 after a Lanczos resize) and is met \
            within 0.005, or the command says the target is out of reach.

            \(DegradationType.spellingNote)

            Example: gendeg degrade photo.png hazy.png --type haze --mu 0.1
            """
    )

    @Argument(help: "Clean input image (PNG or JPEG).") var input: String
    @Argument(help: "Output PNG.") var output: String
    @Option(name: .customLong("type"), help: "haze | rain | snow | motion-blur | low-light | raindrop") var type: DegradationType
    @Option(help: "Slider value in [0, 1].") var intensity: Float?
    @Option(help: "Target GenDeg mu in [0, 0.7].") var mu: Double?
    @Option(help: "Random seed.") var seed: UInt64 = 0
    @Option(help: "Haze only: known scene depth, a gray PNG (8 or 16 bit), dark = near, white = far; resized to the image.")
    var depth: String?
    @Option(help: "Also write the blur kernel (motion blur) as JSON to this path.") var kernel: String?
    @Flag(help: "Write a 16-bit PNG.") var sixteenBit = false
    @Flag(help: "Print the result as JSON.") var json = false

    func validate() throws {
        guard (intensity == nil) != (mu == nil) else {
            throw ValidationError("give exactly one of --intensity X or --mu M")
        }
        if let intensity { try ParameterLimits.check(intensity, in: ParameterLimits.intensity, "--intensity") }
        if let mu { try ParameterLimits.check(mu, in: ParameterLimits.mu, "--mu") }
        if kernel != nil, type != .motionBlur {
            throw ValidationError("--kernel: only motion-blur has a blur kernel, not \(type.rawValue)")
        }
        if depth != nil && type != .haze { throw ValidationError("--depth applies to haze only") }
        try requirePNGOutput(output)
        try OutputPaths.requireDistinct(outputs: [("OUTPUT", output), ("--kernel", kernel)],
                                        inputs: [("INPUT", input), ("--depth", depth)])
    }

    func run() throws {
        let clean = try ImageIO.read(input)
        var model = PhysicalDegradations.model(for: type)
        if let depth {
            model = HazeDegradation(depth: HazeDepthMap(grayImage: try ImageIO.read(depth)).resized(width: clean.width, height: clean.height))
        }
        let result: DegradationResult
        let slider: Float
        let stats: DegradationStats
        if let mu {
            let calibrated: CalibratedDegradation
            do {
                calibrated = try IntensityCalibrator.reach(targetMu: mu, model: model, image: clean, seed: seed)
            } catch let error as IntensityError {
                throw CLIError("\(type.rawValue) on \(input): \(error)")
            }
            (result, slider, stats) = (calibrated.result, calibrated.intensity, calibrated.stats)
        } else {
            slider = intensity ?? 0
            result = model.apply(to: clean, intensity: slider, seed: seed)
            stats = DegradationStats.measure(clean: clean, degraded: result.image)
        }
        // Every output is made first and written in one step: a failing --kernel path leaves no PNG.
        var files = [(data: try ImageIO.encodePNG(result.image, bitDepth: sixteenBit ? 16 : 8), path: output)]
        if let kernelPath = kernel {
            guard let blur = result.kernel else { throw CLIError("--kernel: a \(type.rawValue) degradation has no blur kernel") }
            files.append((try BlurKernelFile.encoded(blur), kernelPath))
        }
        try AtomicFile.writeAll(files)
        if json {
            printJSON([("type", type.rawValue), ("intensity", slider), ("mu", stats.mu), ("sigma", stats.sigma),
                       ("seed", Int(seed))])
        } else {
            print(String(format: "%@ intensity %.4f  mu %.4f  sigma %.4f", type.rawValue, slider, stats.mu, stats.sigma))
        }
    }
}
