import ArgumentParser
import Foundation
import GenDegEngine
import GenDegExplorer

extension GraphicsMode: ExpressibleByArgument {}

/// `gendeg explore [FILES or FOLDERS]`: the interactive explorer (also what plain `gendeg` runs).
struct ExploreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explore",
        abstract: "Open the terminal explorer on images or folders (default: the bundled samples).")

    @Argument(help: "PNG/JPEG files or folders of them.")
    var paths: [String] = []

    @Option(help: "Image output: auto, sixel, blocks or none.")
    var graphics: GraphicsMode = .auto

    @Option(help: "Colour theme (a themes/*.toml name: dark, light, high-contrast).")
    var theme: String?

    @Option(name: .customLong("export-dir"), help: "Where exports are written.")
    var exportDir: String = "gendeg-exports"

    @Option(help: "A GenDeg diffusion model (checkpoint or folder) for the diffusion pane; default: the bundled GenDeg-small.")
    var model: String?

    @Option(help: "LDM config YAML for a bare checkpoint --model (GenDeg's configs/generate.yaml layout); default: NAME.yaml beside it.")
    var config: String?

    @Option(help: "Caption before the degradation phrase in the diffusion pane (default: the model's, \"a photo\"); recorded in exports.")
    var caption: String?

    @Option(name: .customLong("structure-correction"),
            help: "GenDeg's structure-correction NAFNet (nafnet_sd.ckpt) for the diffusion pane; used for haze, motion blur and raindrops.")
    var structureCorrection: String?

    @Option(help: "Registry of learned restorers (default: $GENDEG_RESTORERS or ~/.config/gendeg/restorers.toml).")
    var registry: String?

    @OptionGroup(title: "Learned restorers") var learned: LearnedOptionFlags

    @Flag(name: .customLong("benchmark-preview"), help: "Measure the physical preview path headless (first path = image) and exit.")
    var benchmarkPreview = false

    func run() throws {
        if benchmarkPreview {
            guard let image = paths.first ?? SampleImages.bundledPaths().first else { throw ValidationError("no image to benchmark") }
            let results = try ExplorerApp.benchmarkPhysicalPreview(imagePath: image)
            for key in results.keys.sorted() { print("\(key) \(results[key]!)") }
            return
        }
        // The restorers first: a broken registry is reported before the terminal is taken.
        let overrides = learned.overrides
        let restorers = try RestorerCatalog.all(registry: registry).map {
            try LearnedRestorers.applying(overrides, to: $0, requireLearned: false)
        }
        let modelPath = model ?? DiffusionGenerators.bundledModelPath()
        let diffusion = try modelPath.map { try DiffusionGenerators.load(model: $0, structureCorrection: structureCorrection, config: config,
                                                                                   caption: caption) }
        let options = ExplorerOptions(graphics: graphics, theme: theme, exportFolder: exportDir, modelPath: modelPath,
                                      diffusion: diffusion, restorers: restorers)
        let status = try ExplorerApp.run(paths: paths, options: options)
        if status != 0 { throw ExitCode(status) }
    }
}
