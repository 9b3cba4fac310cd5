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
        if let memoryLimit, memoryLimit < 16 { throw ValidationError("--memory-limit must be at least 16 (MB)") }
        if let tileSize, tileSize < 32 { throw ValidationError("--tile-size must be at least 32") }
        if let tileOverlap, tileOverlap < 0 { throw ValidationError("--tile-overlap must be 0 or more") }
        if let tileSize, let tileOverlap, 2 * tileOverlap >= tileSize {
            throw ValidationError("--tile-overlap must be less than half of --tile-size")
        }
        if let tlcTrainSize, tlcTrainSize < 0 { throw ValidationError("--tlc-train-size must be 0 (off) or more") }
        if noTLC && (tlcTrainSize ?? 0) > 0 { throw ValidationError("give --no-tlc or --tlc-train-size, not both") }
        if let scaleFactor, scaleFactor < 1 { throw ValidationError("--scale-factor must be at least 1") }
    }

    var overrides: LearnedOverrides {
        LearnedOverrides(memoryLimitMB: memoryLimit, tileSize: tileSize, tileOverlap: tileOverlap,
                         tlcTrainSize: noTLC ? 0 : tlcTrainSize, scaleFactor: scaleFactor)
    }
}
