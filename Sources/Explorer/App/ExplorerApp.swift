import Foundation
import GenDegEngine

/// The explorer's entry points for the CLI.
public enum ExplorerApp {
    /// Opens the explorer on image files and folders (the bundled samples when `paths` is
    /// empty) and returns the exit status when the user quits.
    public static func run(paths: [String], options: ExplorerOptions) throws -> Int32 {
        try requireUsableTerminal()
        let images = paths.isEmpty ? SampleImages.bundledPaths() : try ImageDiscovery.images(at: paths)
        guard !images.isEmpty else { throw ExplorerError.noImages }

        // Probe before curses takes the terminal: the replies must not reach its input. When
        // sixel is ruled out by the options, only the cell size is needed (from the kernel).
        let environment = ProcessInfo.processInfo.environment
        let capabilities = options.graphics == .none || options.graphics == .blocks
            ? TerminalCapabilities(sixel: false, cellPixels: TerminalProbe.windowCellPixels(),
                                   trueColor: TerminalCapabilities.saysTrueColor(environment))
            : TerminalProbe.probe()
        let cell = capabilities.cellPixels ?? (width: 10, height: 20)
        let setup = GraphicsSetup(mode: options.graphics.resolved(with: capabilities), cellWidth: cell.width, cellHeight: cell.height,
                                  depth: capabilities.trueColor ? .trueColor : .palette256)

        let session = ExplorerSession(imagePaths: images, configuration: try configuration(for: options))
        let model = ExplorerViewModel(session: session, themes: ThemeStore.load(from: ThemeStore.searchFolders()),
                                      themeName: options.theme)
        guard Curses.start() else { throw ExplorerError.cursesFailed }
        ExplorerLoop(model: model, setup: setup).run()
        Curses.end()
        if let message = session.message { print(message) }
        return 0
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
            diffusion: options.diffusion,
            restorers: try options.restorers ?? RestorerCatalog.all(),
            catalog: try IntensityStatsCatalog.bundled(),
            exportFolder: options.exportFolder)
    }
}
