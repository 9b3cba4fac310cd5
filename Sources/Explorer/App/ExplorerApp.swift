import Foundation
import GenDegEngine

/// The explorer's entry points for the CLI.
public enum ExplorerApp {
    /// Opens the explorer on image files and folders (the bundled samples when `paths` is
    /// empty) and returns the exit status when the user quits.
    public static func run(paths: [String], options: ExplorerOptions) throws -> Int32 {
        let themes = try ThemeChoice(argument: options.theme)
        try requireUsableTerminal()
        let images = paths.isEmpty ? SampleImages.bundledPaths() : try ImageDiscovery.images(at: paths)
        guard !images.isEmpty else { throw ExplorerError.noImages }

        // Probe before curses takes the terminal: the replies must not reach its input. When
        // images are ruled out by the options, only the cell size is needed (from the kernel).
        let environment = ProcessInfo.processInfo.environment
        let answers = options.graphics == .none || options.graphics == .blocks
            ? TerminalAnswers(environment: environment, windowCellPixels: TerminalProbe.windowCellPixels())
            : TerminalProbe.probe(environment: environment)
        let decision = GraphicsDetection.decide(options.graphics, answers: answers)
        let setup = GraphicsSetup(decision: decision, answers: answers)

        let session = ExplorerSession(imagePaths: images, configuration: try configuration(for: options))
        let model = ExplorerViewModel(session: session, themes: themes.store, themeName: themes.name)
        if let notice = decision.notice { model.post(notice: notice) }
        guard Curses.start() else { throw ExplorerError.cursesFailed }
        ExplorerLoop(model: model, setup: setup).run()
        Curses.end()
        if let notice = session.notice { print(notice.text) }
        return 0
    }

    /// `--dump-detect`: probes /dev/tty (whatever standard output is), decides as the explorer
    /// would, and says what was asked, what came back, and what was chosen and why.
    public static func detectionReport(graphics: GraphicsMode) -> String {
        let answers = TerminalProbe.probe()
        return DetectionReport.text(requested: graphics, answers: answers, decision: GraphicsDetection.decide(graphics, answers: answers))
    }

    /// Throws unless stdin and stdout are a terminal curses can drive; checked before anything
    /// is loaded or drawn.
    public static func requireUsableTerminal() throws {
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else { throw ExplorerError.notATerminal }
        if let problem = Curses.terminalProblem() { throw ExplorerError.unusableTerminal(problem) }
    }

    /// The session configuration for these options: the engine's physical models and every
    /// restorer of the catalog (classical, bundled, registered) unless the caller supplies others.
    public static func configuration(for options: ExplorerOptions) throws -> ExplorerSession.Configuration {
        ExplorerSession.Configuration(
            physical: options.physical ?? PhysicalGenerator(memo: MuCurveMemo()),
            catalog: try IntensityStatsCatalog.bundled(),
            diffusion: options.diffusion,
            restorers: try options.restorers ?? RestorerCatalog.all(),
            exportFolder: options.exportFolder)
    }
}
