import ArgumentParser
import Foundation
import GenDegEngine
import GenDegExplorer

extension GraphicsMode: ExpressibleByArgument {}

/// `gendeg explore [FILES or FOLDERS]`: the interactive explorer (also what plain `gendeg` runs).
struct ExploreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explore",
        abstract: "Open the terminal explorer on images or folders (default: the bundled samples).",
        discussion: """
            Needs a terminal; press ? inside for the keys.

            Example: gendeg explore photos/ --theme light
            """)

    @Argument(help: "PNG/JPEG files or folders of them.")
    var paths: [String] = []

    @Option(help: "Image output: auto, kitty, iterm2, sixel, blocks or none (auto: see --dump-detect).")
    var graphics: GraphicsMode = .auto

    @Flag(name: .customLong("dump-detect"), help: "Print what the terminal was asked and answered, the graphics mode chosen and why, and exit.")
    var dumpDetect = false

    @Option(help: "Colour theme: a name from themes/ (dark, light, high-contrast) or the path of a theme file.")
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
        if dumpDetect {
            print(ExplorerApp.detectionReport(graphics: graphics))
            return
        }
        if benchmarkPreview {
            guard let image = paths.first ?? SampleImages.bundledPaths().first else { throw ValidationError("no image to benchmark") }
            let results = try ExplorerApp.benchmarkPhysicalPreview(imagePath: image)
            for key in results.keys.sorted() { print("\(key) \(results[key]!)") }
            return
        }
        // A bad theme file, then the restorers: reported before the terminal is taken.
        // Then the terminal (a dumb one is refused before the seconds a model takes to load).
        do { _ = try ThemeChoice(argument: theme) } catch let error as ThemeError { throw CLIError("--theme: \(error)") }
        let overrides = learned.overrides
        let restorers = try RestorerCatalog.all(registry: registry).map {
            try LearnedRestorers.applying(overrides, to: $0, requireLearned: false)
        }
        try ExplorerApp.requireUsableTerminal()
        let modelPath = model ?? DiffusionGenerators.bundledModelPath()
        let diffusion = try modelPath.map { try DiffusionGenerators.load(model: $0, structureCorrection: structureCorrection, config: config,
                                                                                   caption: caption) }
        let options = ExplorerOptions(graphics: graphics, theme: theme, exportFolder: exportDir, modelPath: modelPath,
                                      diffusion: diffusion, restorers: restorers)
        let status: Int32
        do { status = try ExplorerApp.run(paths: paths, options: options) } catch let error as ThemeError {
            throw CLIError("--theme: \(error)")
        }
        if status != 0 { throw ExitCode(status) }
    }
}
