/// The command line's verbs (typed after ':'), with how the help and the README show them.
/// `ExplorerViewModel.execute` switches over every case, so a verb cannot go undocumented.
public enum ColonCommand: String, CaseIterable, Sendable {
    case restorers
    case exportDir = "export-dir"
    case open
    case type
    case mu
    case seed
    case theme
    case steps
    case sampler
    case cfgText = "cfg-text"
    case cfgImage = "cfg-image"
    case source
    case export
    case quit = "q"

    /// Also takes "quit" for `:q`.
    public init?(verb: String) {
        self.init(rawValue: verb == "quit" ? "q" : verb)
    }

    /// The verb with its argument, as typed.
    public var usage: String {
        switch self {
        case .restorers: return ":restorers a,b|none"
        case .exportDir: return ":export-dir P"
        case .open: return ":open PATH"
        case .type: return ":type T"
        case .mu: return ":mu X"
        case .seed: return ":seed N"
        case .theme: return ":theme T"
        case .steps: return ":steps N"
        case .sampler: return ":sampler S"
        case .cfgText: return ":cfg-text X"
        case .cfgImage: return ":cfg-image X"
        case .source: return ":source physical|diffusion"
        case .export: return ":export"
        case .quit: return ":q"
        }
    }

    public var action: String {
        switch self {
        case .restorers: return "set the restorer panes (no list: open the restorer picker)"
        case .exportDir: return "set the export folder (no folder: show it)"
        case .open: return "add and open an image or a folder"
        case .type: return "set the degradation type"
        case .mu: return "set the target mu"
        case .seed: return "set the seed"
        case .theme: return "set the theme"
        case .steps: return "diffusion steps"
        case .sampler: return "diffusion sampler"
        case .cfgText: return "diffusion guidance scale on the text"
        case .cfgImage: return "diffusion guidance scale on the input image"
        case .source: return "which degraded image restorers get"
        case .export: return "export, as e does"
        case .quit: return "quit, as q does"
        }
    }
}
