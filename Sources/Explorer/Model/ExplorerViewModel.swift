import Foundation
import GenDegEngine

/// Key handling and UI state on top of the session; knows nothing about ncurses, so it is
/// tested headless. Keys go to the top overlay if there is one, else through `KeyBindings`
/// to `perform`.
public final class ExplorerViewModel {
    public static let fineStep = 0.005
    public static let coarseStep = 0.05
    /// The engine's samplers, by the names `:sampler` takes.
    public static let samplers = SamplerKind.allCases.map(\.rawValue)

    public let session: ExplorerSession
    public private(set) var themes: ThemeStore
    public private(set) var themeIndex: Int
    public private(set) var focus: Focus = .intensity
    /// What covers the panes, bottom to top; the top one takes the keys.
    private(set) var overlays: [OverlayComponent] = []
    /// The pane shown on the whole screen, if any.
    public private(set) var zoomed: PaneKind?
    /// The text typed after ':' while the command line is open.
    public private(set) var commandLine: String?
    public private(set) var imageCursor = 0
    public private(set) var selectedPane = 0
    public private(set) var generatorField: GeneratorField = .generator
    /// The terminal size the screen was last laid out for; help scrolling pages by it.
    public private(set) var screenSize = (rows: ScreenLayout.minimumRows, cols: ScreenLayout.minimumCols)
    public private(set) var shouldQuit = false
    /// Set when the user asked to quit with unexported marks; a second q quits.
    public private(set) var confirmingQuit = false
    /// Bumped whenever something changes what covers the panes, so images are re-sent.
    public private(set) var coverEpoch = 0
    /// A notice from the view model itself (bad command, theme problems); the session has its own.
    public private(set) var ownNotice: Notice?
    /// Kept while closed, so the picker reopens where it was left.
    private let restorerPicker = RestorerPickerOverlay()

    public init(session: ExplorerSession, themes: ThemeStore, themeName: String? = nil) {
        self.session = session
        self.themes = themes
        var index = 0
        if let themeName {
            if let found = themes.index(named: themeName) {
                index = found
            } else {
                ownNotice = .error("no theme named '\(themeName)'; using \(themes.themes[0].name)")
            }
        }
        themeIndex = index
        if let problem = themes.problems.first { ownNotice = .error(problem) }
        imageCursor = session.selectedImage
    }

    public var theme: Theme { themes.themes[themeIndex] }

    /// The latest notice worth showing: the view model's own, else the session's.
    public var notice: Notice? { ownNotice ?? session.notice }

    /// Shows a line from outside the model (graphics detection's notice) until the next key.
    public func post(notice text: String) { ownNotice = .info(text) }

    /// The image list plus its last entry, which opens the command line on ":open ".
    public var imageEntries: Int { session.imagePaths.count + 1 }

    public var selectedPaneKind: PaneKind {
        let order = session.paneOrder
        return order[min(selectedPane, order.count - 1)]
    }

    /// The rectangles the overlays cover on a screen this size.
    public func overlayFrames(rows: Int, cols: Int) -> [CellRect] { overlays.map { $0.frame(rows: rows, cols: cols, model: self) } }

    /// Paints the overlays, bottom to top.
    func paintOverlays(on surface: TextSurface, rows: Int, cols: Int) {
        for overlay in overlays { overlay.paint(on: surface, model: self, rows: rows, cols: cols) }
    }

    /// Handles one key press.
    public func handle(_ key: Key) {
        ownNotice = nil
        if key == .resize { coverEpoch += 1; return }
        if commandLine != nil { return handleCommandLine(key) }
        let command = KeyBindings.command(for: key, focus: focus)
        // Quitting works under overlays too.
        if command == .quit { return requestQuit() }
        confirmingQuit = false
        if let top = overlays.last {
            if !top.handle(key, model: self) { closeTopOverlay() }
            return
        }
        if let command { perform(command) }
    }

    /// Carries out a command of the key table.
    public func perform(_ command: ExplorerCommand) {
        switch command {
        case .openHelp: push(HelpOverlay())
        case .quit: requestQuit()
        case .escape:
            if zoomed != nil { setZoom(nil) } else { session.cancelAll() }
        case .moveFocus(let offset):
            let all = Focus.allCases
            focus = all[(all.firstIndex(of: focus)! + offset + all.count) % all.count]
        case .stepMuCoarse(let direction): session.setTargetMu(session.targetMu + Double(direction) * Self.coarseStep)
        case .noDegradation: session.setTargetMu(0)
        case .preset(let n): applyPreset(n)
        case .export: session.export()
        case .toggleMark: session.toggleMark()
        case .toggleZoom: setZoom(zoomed == nil ? selectedPaneKind : nil)
        case .cycleTheme:
            themeIndex = (themeIndex + 1) % themes.themes.count
            coverEpoch += 1
            ownNotice = .info("theme \(theme.name)")
        case .rerollSeed: session.setSeed(UInt64.random(in: 1...999_999))
        case .generate: session.runDiffusion()
        case .switchGenerator: switchGenerator()
        case .openRestorerPicker: push(restorerPicker)
        case .openCommandLine: commandLine = ""
        case .moveImageCursor(let offset): imageCursor = min(max(0, imageCursor + offset), imageEntries - 1)
        case .openImageEntry:
            if imageCursor == session.imagePaths.count { commandLine = "open " } else { session.selectImage(imageCursor) }
        case .stepType(let offset):
            let all = DegradationType.allCases
            session.setType(all[min(max(0, all.firstIndex(of: session.type)! + offset), all.count - 1)])
        case .stepMuFine(let direction): session.setTargetMu(session.targetMu + Double(direction) * Self.fineStep)
        case .moveGeneratorField(let offset):
            let all = GeneratorField.allCases
            generatorField = all[min(max(0, all.firstIndex(of: generatorField)! + offset), all.count - 1)]
        case .adjustGeneratorField(let direction): adjustGenerator(by: direction)
        case .movePaneSelection(let offset): selectedPane = min(max(0, selectedPane + offset), session.paneOrder.count - 1)
        }
    }

    /// Records the terminal size (the loop calls this before painting).
    public func setScreenSize(rows: Int, cols: Int) {
        guard (rows, cols) != screenSize else { return }
        screenSize = (rows, cols)
        for overlay in overlays { overlay.resized(rows: rows, cols: cols, model: self) }
    }

    /// Shows or hides a restorer's pane (the restorer picker's tick).
    func toggleRestorer(_ name: String) {
        do {
            try session.toggleRestorer(name)
            selectedPane = min(selectedPane, session.paneOrder.count - 1)
            coverEpoch += 1
        } catch { ownNotice = .error("\(error)") }
    }

    private func push(_ overlay: OverlayComponent) {
        overlays.append(overlay)
        coverEpoch += 1
    }

    private func closeTopOverlay() {
        overlays.removeLast()
        coverEpoch += 1
    }

    private func setZoom(_ pane: PaneKind?) {
        zoomed = pane
        coverEpoch += 1
    }

    /// The generator control: restorers work on the physical image, or the diffusion one when a model is loaded.
    private func switchGenerator() {
        session.setRestoreSource(session.restoreSource == .physical ? .diffusion : .physical)
    }

    private func requestQuit() {
        if !session.marks.isEmpty && !confirmingQuit {
            confirmingQuit = true
            ownNotice = .info("\(session.marks.count) marked sample(s) not exported: press q again to quit, e to export")
            return
        }
        shouldQuit = true
    }

    /// Digit n: the median mu of the n-th real dataset of this type, as the sparkline lists them.
    private func applyPreset(_ n: Int) {
        let datasets = session.configuration.catalog.datasets(for: session.type)
        guard n <= datasets.count else {
            ownNotice = .info("\(session.type.displayName) has \(datasets.count) dataset presets")
            return
        }
        session.setTargetMu(datasets[n - 1].medianMu)
        ownNotice = .info("preset \(n): \(datasets[n - 1].name) median mu \(String(format: "%.3f", datasets[n - 1].medianMu))")
    }

    private func adjustGenerator(by direction: Int) {
        var settings = session.settings
        switch generatorField {
        case .seed: session.setSeed(UInt64(max(0, Int(session.seed) + direction)))
        case .steps: settings.steps = min(ParameterLimits.steps.upperBound, max(ParameterLimits.steps.lowerBound, settings.steps + direction))
        case .sampler:
            let all = SamplerKind.allCases
            let index = all.firstIndex(of: settings.sampler) ?? 0
            settings.sampler = all[(index + direction + all.count) % all.count]
        case .textGuidance: settings.textGuidance = Self.clampGuidance(((settings.textGuidance + 0.5 * Double(direction)) * 10).rounded() / 10)
        case .imageGuidance: settings.imageGuidance = Self.clampGuidance(((settings.imageGuidance + 0.1 * Double(direction)) * 10).rounded() / 10)
        case .generator: switchGenerator()
        }
        session.setSettings(settings)
    }

    private static func clampGuidance(_ value: Double) -> Double {
        min(ParameterLimits.guidance.upperBound, max(ParameterLimits.guidance.lowerBound, value))
    }

    // MARK: - Command line

    private func handleCommandLine(_ key: Key) {
        guard var text = commandLine else { return }
        switch key {
        case .escape: commandLine = nil
        case .enter:
            commandLine = nil
            execute(command: text)
        case .backspace, .delete:
            if text.isEmpty { commandLine = nil } else { text.removeLast(); commandLine = text }
        case .char(let c):
            text.append(c)
            commandLine = text
        default: break
        }
    }

    /// Runs one command-line command (without the ':').
    public func execute(command: String) {
        let trimmed = command.trimmingCharacters(in: .whitespaces)
        let verb = trimmed.split(separator: " ", maxSplits: 1).first.map(String.init) ?? ""
        let argument = trimmed.dropFirst(verb.count).trimmingCharacters(in: .whitespaces)
        if verb.isEmpty { return }
        guard let colonCommand = ColonCommand(verb: verb) else {
            ownNotice = .error("unknown command '\(verb)' (press ? for the list)")
            return
        }
        // The same limits and words as the command line's flags (ParameterLimits), spelled ":verb".
        func checked<T>(_ read: () throws -> T) -> T? {
            do { return try read() } catch { ownNotice = .error("\(error)"); return nil }
        }
        switch colonCommand {
        case .restorers:
            if argument.isEmpty { return push(restorerPicker) }
            let names = argument == "none" ? [] : argument.split(whereSeparator: { $0 == "," || $0 == " " }).map(String.init)
            do {
                try session.setRestorers(names)
                selectedPane = min(selectedPane, session.paneOrder.count - 1)
                coverEpoch += 1
            } catch { ownNotice = .error("\(error)") }
        case .exportDir:
            guard !argument.isEmpty else { ownNotice = .info("export folder: \(session.exportFolder)"); return }
            session.setExportFolder(argument)
        case .open:
            guard !argument.isEmpty else { ownNotice = .error("open needs a path"); return }
            do {
                try session.open(path: argument)
                imageCursor = session.selectedImage
            } catch { ownNotice = .error("\(error)") }
        case .type:
            guard let type = DegradationType(cliName: argument) else {
                ownNotice = .error("unknown type '\(argument)'; one of " + DegradationType.allCases.map(\.rawValue).joined(separator: ", "))
                return
            }
            session.setType(type)
        case .mu:
            if let value = checked({ try ParameterLimits.number(argument, in: ParameterLimits.mu, ":mu") }) { session.setTargetMu(value) }
        case .seed:
            guard let value = UInt64(argument) else { ownNotice = .error("seed needs a whole number"); return }
            session.setSeed(value)
        case .steps:
            guard let value = checked({ try ParameterLimits.wholeNumber(argument, in: ParameterLimits.steps, ":steps") }) else { return }
            var settings = session.settings
            settings.steps = value
            session.setSettings(settings)
        case .sampler:
            guard let sampler = SamplerKind(rawValue: argument) else { ownNotice = .error("samplers: " + Self.samplers.joined(separator: ", ")); return }
            var settings = session.settings
            settings.sampler = sampler
            session.setSettings(settings)
        case .cfgText, .cfgImage:
            guard let value = checked({ try ParameterLimits.number(argument, in: ParameterLimits.guidance, ":" + verb) }) else { return }
            var settings = session.settings
            if colonCommand == .cfgText { settings.textGuidance = value } else { settings.imageGuidance = value }
            session.setSettings(settings)
        case .source:
            guard let source = DegradedSource(rawValue: argument) else { ownNotice = .error("source is physical or diffusion"); return }
            session.setRestoreSource(source)
        case .theme:
            guard let index = themes.index(named: argument) else {
                ownNotice = .error("themes: " + themes.themes.map(\.name).joined(separator: ", "))
                return
            }
            themeIndex = index
            coverEpoch += 1
        case .export: session.export()
        case .quit: requestQuit()
        }
    }
}
