import ArgumentParser
import GenDegEngine

/// The learned restorers' settings on the command line (shared by `restore` and `explore`);
/// each one given replaces the registry's value.
struct LearnedOptionFlags: ParsableArguments {
    @Option(name: .customLong("memory-limit"), help: ArgumentHelp(
        "Working-memory bound for a learned restorer, in MB: larger images run in tiles sized to fit (default 2048).",
        valueName: "MB"))
    var memoryLimit: Int?

    @Option(name: .customLong("tile-size"), help: ArgumentHelp("Fixed tile side in pixels (overrides the memory bound).", valueName: "N"))
    var tileSize: Int?

    @Option(name: .customLong("tile-overlap"), help: ArgumentHelp(
        "Overlap between tiles in pixels (default: the architecture's: NAFNet, Restormer and PromptIR 32, Zero-DCE 16, Zero-DCE++ 4 x its scale factor).", valueName: "N"))
    var tileOverlap: Int?

    @Option(name: .customLong("tlc-train-size"), help: ArgumentHelp(
        "NAFNet TLC (NAFNetLocal) training size; 0 turns TLC off (default 256).", valueName: "N"))
    var tlcTrainSize: Int?

    @Flag(name: .customLong("no-tlc"), help: "Plain NAFNet (global channel attention), as --tlc-train-size 0.")
    var noTLC = false

    @Option(name: .customLong("scale-factor"), help: ArgumentHelp(
        "Zero-DCE++ curve-estimation downscale factor (default 12, as the official test script).", valueName: "N"))
    var scaleFactor: Int?

    func validate() throws {
        if let memoryLimit {
            try ParameterLimits.check(memoryLimit, in: ParameterLimits.memoryLimitMB, "--memory-limit", unit: " MB")
            try MemoryBudget.check(estimate: MemoryBudget.product(memoryLimit, 1 << 20), what: "a working-memory bound of \(memoryLimit) MB",
                                   cause: "--memory-limit")
        }
        if let tileSize { try ParameterLimits.check(tileSize, in: ParameterLimits.tileSize, "--tile-size") }
        if let tileOverlap { try ParameterLimits.check(tileOverlap, in: ParameterLimits.tileOverlap, "--tile-overlap") }
        if let tileSize, let tileOverlap, 2 * tileOverlap >= tileSize {
            throw ParameterError("--tile-overlap", "\(tileOverlap) must be less than half of --tile-size \(tileSize)")
        }
        if let tlcTrainSize { try ParameterLimits.check(tlcTrainSize, in: ParameterLimits.tlcTrainSize, "--tlc-train-size") }
        if noTLC && (tlcTrainSize ?? 0) > 0 { throw ValidationError("give --no-tlc or --tlc-train-size, not both") }
        if let scaleFactor { try ParameterLimits.check(scaleFactor, in: ParameterLimits.scaleFactor, "--scale-factor") }
    }

    var overrides: LearnedOverrides {
        LearnedOverrides(memoryLimitMB: memoryLimit, tileSize: tileSize, tileOverlap: tileOverlap,
                         tlcTrainSize: noTLC ? 0 : tlcTrainSize, scaleFactor: scaleFactor)
    }
}
