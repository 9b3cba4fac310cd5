import GenDegEngine

/// How the explorer is started.
public struct ExplorerOptions {
    public var graphics: GraphicsMode
    /// The theme to start with: a themes/*.toml name or a theme file's path (`ThemeChoice`); nil for the default.
    public var theme: String?
    public var exportFolder: String
    /// The diffusion model file, when one is given; the caller builds `diffusion` from it.
    public var modelPath: String?
    /// A diffusion generator to show in the diffusion pane; nil shows "no diffusion model loaded".
    public var diffusion: DegradationGenerator?
    /// The physical generator; nil uses the engine's physical models.
    public var physical: DegradationGenerator?
    /// The restorers offered; nil uses the engine's classical restorers.
    public var restorers: [Restorer]?

    public init(graphics: GraphicsMode = .auto, theme: String? = nil, exportFolder: String = "gendeg-exports",
                modelPath: String? = nil, diffusion: DegradationGenerator? = nil,
                physical: DegradationGenerator? = nil, restorers: [Restorer]? = nil) {
        self.graphics = graphics
        self.theme = theme
        self.exportFolder = exportFolder
        self.modelPath = modelPath
        self.diffusion = diffusion
        self.physical = physical
        self.restorers = restorers
    }
}

public enum ExplorerError: Error, CustomStringConvertible {
    case notATerminal
    case noImages
    case cursesFailed
    case unusableTerminal(String)

    public var description: String {
        switch self {
        case .notATerminal: return "the explorer needs a terminal (stdin and stdout must be a tty)"
        case .noImages: return "no images to explore: pass image files or folders"
        case .cursesFailed: return "could not start the terminal screen (is TERM set?)"
        case .unusableTerminal(let reason):
            return "the explorer cannot draw on this terminal: \(reason); run it in a terminal such as xterm, or use the subcommands (gendeg --help)"
        }
    }
}
