import Foundation
import GenDegEngine

/// The explorer's sections, in Tab order.
public enum Focus: String, CaseIterable, Sendable {
    case images, degradation, intensity, generator, panes
}

/// What covers the screen, if anything.
public enum Overlay: Equatable, Sendable {
    case none
    case help
    /// Every available restorer with a checkbox: which restorer panes are shown.
    case restorerPicker
    case zoom(PaneKind)
}

/// The editable generator settings, in the order the generator section lists them. The first,
/// `generator`, is the generator whose degraded image the restorers work on.
public enum GeneratorField: String, CaseIterable, Sendable {
    case generator, seed, steps, sampler, textGuidance, imageGuidance
}

/// Key handling and UI state on top of the session; knows nothing about ncurses, so it is
/// tested headless.
public final class ExplorerViewModel {
    public static let fineStep = 0.005
    public static let coarseStep = 0.05
    /// The engine's samplers, by the names `:sampler` takes.
    public static let samplers = SamplerKind.allCases.map(\.rawValue)

    public let session: ExplorerSession
    public private(set) var themes: ThemeStore
    public private(set) var themeIndex: Int
    public private(set) var focus: Focus = .intensity
    public private(set) var overlay: Overlay = .none
    /// The text typed after ':' while the command line is open.
    public private(set) var commandLine: String?
    public private(set) var imageCursor = 0
    public private(set) var selectedPane = 0
    public private(set) var generatorField: GeneratorField = .generator
    public private(set) var helpScroll = HelpScroll()
    public private(set) var restorerCursor = RestorerPickerCursor()
    /// The terminal size the screen was last laid out for; help scrolling pages by it.
    public private(set) var screenSize = (rows: ScreenLayout.minimumRows, cols: ScreenLayout.minimumCols)
    public private(set) var shouldQuit = false
    /// Set when the user asked to quit with unexported marks; a second q quits.
    public private(set) var confirmingQuit = false
    /// Bumped whenever something changes what covers the panes, so images are re-sent.
    public private(set) var coverEpoch = 0
    /// A message from the view model itself (bad command, theme problems); the session has its own.
    public private(set) var notice: String?

    public init(session: ExplorerSession, themes: ThemeStore, themeName: String? = nil) {
        self.session = session
        self.themes = themes
        var index = 0
        if let themeName {
            if let found = themes.index(named: themeName) {
                index = found
            } else {
                notice = "no theme named '\(themeName)'; using \(themes.themes[0].name)"
            }
        }
        themeIndex = index
        if let problem = themes.problems.first { notice = problem }
        imageCursor = session.selectedImage
    }

    public var theme: Theme { themes.themes[themeIndex] }

    /// The latest message worth showing: the view model's own, else the session's.
    public var message: String? { notice ?? session.message }

    /// The image list plus its last entry, which opens the command line on ":open ".
    public var imageEntries: Int { session.imagePaths.count + 1 }

    public var selectedPaneKind: PaneKind {
        let order = session.paneOrder
        return order[min(selectedPane, order.count - 1)]
    }

    /// Handles one key press.
    public func handle(_ key: Key) {
        notice = nil
        if key == .resize { coverEpoch += 1; return }
        if commandLine != nil { return handleCommandLine(key) }
        if case .char("q") = key { return requestQuit() }
        confirmingQuit = false
        if overlay == .help { return handleHelp(key) }
        if overlay == .restorerPicker { return handleRestorerPicker(key) }
        switch key {
        case .escape:
            if case .zoom = overlay { setOverlay(.none) } else { session.cancelAll() }
        case .char("?"):
            helpScroll.reset()
            setOverlay(.help)
        case .char("p"): setOverlay(.restorerPicker)
        case .tab: moveFocus(by: 1)
        case .backTab: moveFocus(by: -1)
        case .char("["): session.setTargetMu(session.targetMu - Self.coarseStep)
        case .char("]"): session.setTargetMu(session.targetMu + Self.coarseStep)
        case .char("0"): session.setTargetMu(0)
        case .char(let c) where ("1"..."9").contains(c): applyPreset(Int(String(c))!)
        case .char("e"): session.export()
        case .char("m"): session.toggleMark()
        case .char("z"): toggleZoom()
        case .char("t"): cycleTheme()
        case .char("r"): session.setSeed(UInt64.random(in: 1...999_999))
        case .char("g"): session.runDiffusion()
        case .char("s"): switchGenerator()
        case .char(":"): commandLine = ""
        default: handleInFocus(key)
        }
    }

    /// Records the terminal size (the loop calls this before painting).
    public func setScreenSize(rows: Int, cols: Int) {
        guard (rows, cols) != screenSize else { return }
        screenSize = (rows, cols)
        let frame = OverlayFrame.help(rows: rows, cols: cols)
        helpScroll.clamp(lineCount: helpLineCount, pageRows: OverlayFrame.listRows(of: frame))
    }

    /// How many lines the help list has at the current screen width.
    public var helpLineCount: Int {
        HelpText.lines(width: OverlayFrame.textWidth(of: OverlayFrame.help(rows: screenSize.rows, cols: screenSize.cols).cols)).count
    }

    private func handleHelp(_ key: Key) {
        if key == .escape || key == .char("?") { return setOverlay(.none) }
        let frame = OverlayFrame.help(rows: screenSize.rows, cols: screenSize.cols)
        _ = helpScroll.handle(key, lineCount: helpLineCount, pageRows: OverlayFrame.listRows(of: frame))
    }

    private func handleRestorerPicker(_ key: Key) {
        if key == .escape || key == .char("p") { return setOverlay(.none) }
        let restorers = session.availableRestorers
        if restorerCursor.move(key, count: restorers.count) { return }
        guard RestorerPickerCursor.toggles(key), restorers.indices.contains(restorerCursor.index) else { return }
        do {
            try session.toggleRestorer(restorers[restorerCursor.index].name)
            selectedPane = min(selectedPane, session.paneOrder.count - 1)
            coverEpoch += 1
        } catch { notice = "\(error)" }
    }

    /// The generator control: restorers work on the physical image, or the diffusion one when a model is loaded.
    private func switchGenerator() {
        session.setRestoreSource(session.restoreSource == .physical ? .diffusion : .physical)
    }

    private func requestQuit() {
        if commandLine != nil { return }
        if !session.marks.isEmpty && !confirmingQuit {
            confirmingQuit = true
            notice = "\(session.marks.count) marked sample(s) not exported: press q again to quit, e to export"
            return
        }
        shouldQuit = true
    }

    private func setOverlay(_ new: Overlay) {
        overlay = new
        coverEpoch += 1
    }

    private func moveFocus(by offset: Int) {
        let all = Focus.allCases
        let index = all.firstIndex(of: focus)!
        focus = all[(index + offset + all.count) % all.count]
    }

    private func toggleZoom() {
        if case .zoom = overlay { setOverlay(.none) } else { setOverlay(.zoom(selectedPaneKind)) }
    }

    private func cycleTheme() {
        themeIndex = (themeIndex + 1) % themes.themes.count
        coverEpoch += 1
        notice = "theme \(theme.name)"
    }

    /// Digit n: the median mu of the n-th real dataset of this type, as the sparkline lists them.
    private func applyPreset(_ n: Int) {
        let datasets = session.configuration.catalog?.datasets(for: session.type) ?? []
        guard n <= datasets.count else {
            notice = "\(session.type.displayName) has \(datasets.count) dataset presets"
            return
        }
        session.setTargetMu(datasets[n - 1].medianMu)
        notice = "preset \(n): \(datasets[n - 1].name) median mu \(String(format: "%.3f", datasets[n - 1].medianMu))"
    }

    private func handleInFocus(_ key: Key) {
        let up = key == .up || key == .char("k"), down = key == .down || key == .char("j")
        let left = key == .left || key == .char("h"), right = key == .right || key == .char("l")
        switch focus {
        case .images:
            if up { imageCursor = max(0, imageCursor - 1) }
            if down { imageCursor = min(imageEntries - 1, imageCursor + 1) }
            if key == .enter {
                if imageCursor == session.imagePaths.count { commandLine = "open " } else { session.selectImage(imageCursor) }
            }
        case .degradation:
            let all = DegradationType.allCases
            let index = all.firstIndex(of: session.type)!
            if up { session.setType(all[max(0, index - 1)]) }
            if down { session.setType(all[min(all.count - 1, index + 1)]) }
        case .intensity:
            if left { session.setTargetMu(session.targetMu - Self.fineStep) }
            if right { session.setTargetMu(session.targetMu + Self.fineStep) }
        case .generator:
            let all = GeneratorField.allCases
            let index = all.firstIndex(of: generatorField)!
            if up { generatorField = all[max(0, index - 1)] }
            if down { generatorField = all[min(all.count - 1, index + 1)] }
            if left { adjustGenerator(by: -1) }
            if right { adjustGenerator(by: 1) }
        case .panes:
            let count = session.paneOrder.count
            if left || up { selectedPane = max(0, selectedPane - 1) }
            if right || down { selectedPane = min(count - 1, selectedPane + 1) }
            if key == .enter { toggleZoom() }
        }
    }

    private func adjustGenerator(by direction: Int) {
        var settings = session.settings
        switch generatorField {
        case .seed: session.setSeed(UInt64(max(0, Int(session.seed) + direction)))
        case .steps: settings.steps = min(200, max(1, settings.steps + direction))
        case .sampler:
            let all = SamplerKind.allCases
            let index = all.firstIndex(of: settings.sampler) ?? 0
            settings.sampler = all[(index + direction + all.count) % all.count]
        case .textGuidance: settings.textGuidance = max(0, ((settings.textGuidance + 0.5 * Double(direction)) * 10).rounded() / 10)
        case .imageGuidance: settings.imageGuidance = max(0, ((settings.imageGuidance + 0.1 * Double(direction)) * 10).rounded() / 10)
        case .generator: switchGenerator()
        }
        session.setSettings(settings)
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
        func number(_ what: String) -> Double? {
            guard let value = Double(argument) else { notice = "\(verb) needs a number for \(what)"; return nil }
            return value
        }
        switch verb {
        case "restorers":
            if argument.isEmpty { return setOverlay(.restorerPicker) }
            let names = argument == "none" ? [] : argument.split(whereSeparator: { $0 == "," || $0 == " " }).map(String.init)
            do {
                try session.setRestorers(names)
                selectedPane = min(selectedPane, session.paneOrder.count - 1)
                coverEpoch += 1
            } catch { notice = "\(error)" }
        case "export-dir":
            guard !argument.isEmpty else { notice = "export folder: \(session.exportFolder)"; return }
            session.setExportFolder(argument)
        case "open":
            guard !argument.isEmpty else { notice = "open needs a path"; return }
            do {
                try session.open(path: argument)
                imageCursor = session.selectedImage
            } catch { notice = "\(error)" }
        case "type":
            guard let type = DegradationType(cliName: argument) else {
                notice = "unknown type '\(argument)'; one of " + DegradationType.allCases.map(\.rawValue).joined(separator: ", ")
                return
            }
            session.setType(type)
        case "mu": if let value = number("the target mu") { session.setTargetMu(value) }
        case "seed":
            guard let value = UInt64(argument) else { notice = "seed needs a whole number"; return }
            session.setSeed(value)
        case "steps":
            guard let value = Int(argument), value > 0 else { notice = "steps needs a positive whole number"; return }
            var settings = session.settings
            settings.steps = value
            session.setSettings(settings)
        case "sampler":
            guard let sampler = SamplerKind(rawValue: argument) else { notice = "samplers: " + Self.samplers.joined(separator: ", "); return }
            var settings = session.settings
            settings.sampler = sampler
            session.setSettings(settings)
        case "cfg-text", "cfg-image":
            guard let value = number("the guidance scale"), value >= 0 else { return }
            var settings = session.settings
            if verb == "cfg-text" { settings.textGuidance = value } else { settings.imageGuidance = value }
            session.setSettings(settings)
        case "source":
            guard let source = DegradedSource(rawValue: argument) else { notice = "source is physical or diffusion"; return }
            session.setRestoreSource(source)
        case "theme":
            guard let index = themes.index(named: argument) else {
                notice = "themes: " + themes.themes.map(\.name).joined(separator: ", ")
                return
            }
            themeIndex = index
            coverEpoch += 1
        case "export": session.export()
        case "q", "quit": requestQuit()
        case "": break
        default: notice = "unknown command '\(verb)' (press ? for the list)"
        }
    }
}
