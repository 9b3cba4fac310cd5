/// Every key the explorer understands, as the help overlay lists them. The view model's
/// handlers and this table are kept in step by a test that presses each listed key.
public struct KeyBinding: Sendable {
    public let keys: String
    public let action: String
    public let section: String
}

public enum KeyBindings {
    public static let all: [KeyBinding] = [
        KeyBinding(keys: "?", action: "show or hide this help", section: "anywhere"),
        KeyBinding(keys: "q", action: "quit (asks again if marks are not exported)", section: "anywhere"),
        KeyBinding(keys: "Esc", action: "close overlay / leave zoom / cancel running work", section: "anywhere"),
        KeyBinding(keys: "Tab  S-Tab", action: "move focus between sections", section: "anywhere"),
        KeyBinding(keys: "[  ]", action: "intensity coarse step down / up (0.05 mu)", section: "anywhere"),
        KeyBinding(keys: "0", action: "no degradation (the clean image, exactly)", section: "anywhere"),
        KeyBinding(keys: "1-9", action: "intensity preset: median mu of the n-th real dataset", section: "anywhere"),
        KeyBinding(keys: "e", action: "export the current sample, or all marked samples", section: "anywhere"),
        KeyBinding(keys: "m", action: "mark / unmark the current sample for a batch export", section: "anywhere"),
        KeyBinding(keys: "z", action: "zoom the selected pane to full screen", section: "anywhere"),
        KeyBinding(keys: "t", action: "cycle colour themes", section: "anywhere"),
        KeyBinding(keys: "r", action: "re-roll the seed", section: "anywhere"),
        KeyBinding(keys: "g", action: "generate with the diffusion model", section: "anywhere"),
        KeyBinding(keys: "s", action: "switch the generator the restorers use: physical / diffusion (when a model is loaded)",
                   section: "anywhere"),
        KeyBinding(keys: "p", action: "restorer picker: tick which restorer panes are shown", section: "anywhere"),
        KeyBinding(keys: ":", action: "command line (see below)", section: "anywhere"),
        KeyBinding(keys: "↑↓ j k  Enter", action: "images: move; Enter opens it (last entry: open a path)", section: "images"),
        KeyBinding(keys: "↑↓  j k", action: "degradation: choose the type", section: "degradation"),
        KeyBinding(keys: "←→  h l", action: "intensity: fine step (0.005 mu)", section: "intensity"),
        KeyBinding(keys: "↑↓  j k", action: "generator section: choose a line (generator, seed, steps, sampler, cfg text, cfg image)",
                   section: "generator"),
        KeyBinding(keys: "←→  h l", action: "generator section: change it (generator: physical / diffusion)", section: "generator"),
        KeyBinding(keys: "←→↑↓ hjkl", action: "panes: select a pane; Enter or z zooms", section: "panes"),
        KeyBinding(keys: "↑↓ j k  PgUp PgDn", action: "help: scroll this list; Space pages, Home / End jump", section: "help"),
        KeyBinding(keys: "↑↓ j k  Space", action: "restorer picker: move; Space, Enter or x ticks / unticks; Esc or p closes",
                   section: "restorer picker"),
        KeyBinding(keys: ":restorers a,b|none", action: "set the restorer panes (no list: open the restorer picker)", section: "commands"),
        KeyBinding(keys: ":export-dir P", action: "set the export folder", section: "commands"),
        KeyBinding(keys: ":open PATH", action: "add and open an image or a folder", section: "commands"),
        KeyBinding(keys: ":type T  :mu X", action: "set the degradation type / target mu", section: "commands"),
        KeyBinding(keys: ":seed N  :theme T", action: "set the seed / the theme", section: "commands"),
        KeyBinding(keys: ":steps N  :sampler S", action: "diffusion steps / sampler", section: "commands"),
        KeyBinding(keys: ":cfg-text X  :cfg-image X", action: "diffusion guidance scales", section: "commands"),
        KeyBinding(keys: ":source physical|diffusion", action: "which degraded image restorers get", section: "commands"),
        KeyBinding(keys: ":export  :q", action: "export / quit", section: "commands"),
    ]
}
