/// The explorer's key table: which key runs which command where, with the words the help
/// overlay and the README show. Overlays keep their own keys in their own file; `all` gathers
/// every line.
public enum KeyBindings {
    typealias Binding = KeyBinding<ExplorerCommand>

    /// Keys that work in every section.
    static let anywhere: [Binding] = [
        Binding("?", "show or hide this help: every key (F1 too)", [(.char("?"), .openHelp)]),
        Binding("q", "quit (asks again if marks are not exported)", [(.char("q"), .quit)]),
        Binding("Esc", "close overlay / leave zoom / cancel running work", [(.escape, .escape)]),
        Binding("Tab  S-Tab", "move focus between sections", [(.tab, .moveFocus(by: 1)), (.backTab, .moveFocus(by: -1))]),
        Binding("[  ]", "intensity coarse step down / up (0.05 mu)",
                [(.char("["), .stepMuCoarse(by: -1)), (.char("]"), .stepMuCoarse(by: 1))]),
        Binding("0", "no degradation (the clean image, exactly)", [(.char("0"), .noDegradation)]),
        Binding("1-9", "intensity preset: median mu of the n-th real dataset",
                (1...9).map { (Key.char(Character(String($0))), ExplorerCommand.preset($0)) }),
        Binding("e", "export the current sample, or all marked samples", [(.char("e"), .export)]),
        Binding("m", "mark / unmark the current sample for a batch export", [(.char("m"), .toggleMark)]),
        Binding("z", "zoom the selected pane to full screen", [(.char("z"), .toggleZoom)]),
        Binding("t", "cycle colour themes", [(.char("t"), .cycleTheme)]),
        Binding("r", "re-roll the seed", [(.char("r"), .rerollSeed)]),
        Binding("g", "generate with the diffusion model (Esc cancels)", [(.char("g"), .generate)]),
        Binding("s", "switch the generator the restorers use: physical / diffusion (when a model is loaded)",
                [(.char("s"), .switchGenerator)]),
        Binding("p", "restorer picker: tick which restorer panes are shown", [(.char("p"), .openRestorerPicker)]),
        Binding(":", "command line: the : commands below", [(.char(":"), .openCommandLine)]),
    ]

    /// Keys that act in the focused section only.
    static func inFocus(_ focus: Focus) -> [Binding] { focused[focus] ?? [] }

    private static let focused = Dictionary(uniqueKeysWithValues: Focus.allCases.map { ($0, bindings(for: $0)) })

    private static func bindings(for focus: Focus) -> [Binding] {
        switch focus {
        case .images:
            return [Binding("↑↓ j k  Enter", "images: move; Enter opens it (last entry: open a path)",
                            vertical(ExplorerCommand.moveImageCursor) + [(.enter, .openImageEntry)])]
        case .degradation:
            return [Binding("↑↓  j k", "degradation: choose the type", vertical(ExplorerCommand.stepType))]
        case .intensity:
            return [Binding("←→  h l", "intensity: fine step (0.005 mu)", horizontal(ExplorerCommand.stepMuFine))]
        case .generator:
            return [
                Binding("↑↓  j k", "generator section: choose a line (generator, seed, steps, sampler, cfg text, cfg image)",
                        vertical(ExplorerCommand.moveGeneratorField)),
                Binding("←→  h l", "generator section: change it (generator: physical / diffusion)", horizontal(ExplorerCommand.adjustGeneratorField)),
            ]
        case .panes:
            return [Binding("←→↑↓ hjkl", "panes: select a pane; Enter or z zooms",
                            horizontal(ExplorerCommand.movePaneSelection) + vertical(ExplorerCommand.movePaneSelection) + [(.enter, .toggleZoom)])]
        }
    }

    /// The command a key runs on the main screen with this focus; keys of every section first.
    public static func command(for key: Key, focus: Focus) -> ExplorerCommand? {
        for binding in anywhere { if let command = binding.command(for: key) { return command } }
        for binding in inFocus(focus) { if let command = binding.command(for: key) { return command } }
        return nil
    }

    /// Every line of the help, in the order it shows them.
    public static let all: [KeyHelp] =
        anywhere.map { $0.help("anywhere") }
            + Focus.allCases.flatMap { focus in inFocus(focus).map { $0.help(focus.rawValue) } }
            + HelpOverlay.bindings.map { $0.help("help") }
            + RestorerPickerOverlay.bindings.map { $0.help("restorer picker") }
            + ColonCommand.allCases.map { KeyHelp(keys: $0.usage, action: $0.action, section: "commands") }

    private static func vertical(_ command: (Int) -> ExplorerCommand) -> [(key: Key, command: ExplorerCommand)] {
        [(.up, command(-1)), (.char("k"), command(-1)), (.down, command(1)), (.char("j"), command(1))]
    }

    private static func horizontal(_ command: (Int) -> ExplorerCommand) -> [(key: Key, command: ExplorerCommand)] {
        [(.left, command(-1)), (.char("h"), command(-1)), (.right, command(1)), (.char("l"), command(1))]
    }
}
