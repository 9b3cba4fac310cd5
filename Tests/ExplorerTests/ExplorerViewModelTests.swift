import Foundation
import GenDegEngine
import GenDegTestSupport
@testable import GenDegExplorer
import XCTest

final class ExplorerViewModelTests: XCTestCase {
    private func model(paths: [String]? = nil, themes: ThemeStore = ThemeStore(themes: [Theme.builtinDark])) throws -> ExplorerViewModel {
        let session = try makeSession(paths: paths ?? [try TestImages.writeGradient()])
        XCTAssertTrue(session.waitUntilIdle())
        return ExplorerViewModel(session: session, themes: themes)
    }

    private func press(_ model: ExplorerViewModel, _ keys: String...) {
        for spelling in keys { model.handle(Key(spelling: spelling)!) }
    }

    func testIntensityKeysStepFineAndCoarseAndZeroIsClean() throws {
        let model = try model()
        let start = model.session.targetMu
        XCTAssertEqual(model.focus, .intensity)
        press(model, "<Right>")
        XCTAssertEqual(model.session.targetMu, start + 0.005, accuracy: 1e-9)
        press(model, "h", "h")
        XCTAssertEqual(model.session.targetMu, start - 0.005, accuracy: 1e-9)
        press(model, "]")
        XCTAssertEqual(model.session.targetMu, start + 0.045, accuracy: 1e-9)
        press(model, "[", "[")
        XCTAssertEqual(model.session.targetMu, start - 0.055, accuracy: 1e-9)
        press(model, "0")
        XCTAssertEqual(model.session.targetMu, 0)
        XCTAssertTrue(model.session.waitUntilIdle())
        XCTAssertEqual(model.session.pane(.physical).image, model.session.clean)
    }

    func testDigitsJumpToDatasetMedians() throws {
        let model = try model()
        let datasets = try IntensityStatsCatalog.bundled().datasets(for: .haze)
        press(model, "2")
        XCTAssertEqual(model.session.targetMu, (datasets[1].medianMu * 10_000).rounded() / 10_000, accuracy: 1e-9)
        XCTAssertTrue(model.notice?.text.contains(datasets[1].name) ?? false)
        press(model, "9")
        XCTAssertTrue(model.notice?.text.contains("5 dataset presets") ?? false)
    }

    func testTabCyclesFocusAndArrowsActInTheFocusedSection() throws {
        let model = try model()
        press(model, "<Tab>")
        XCTAssertEqual(model.focus, .generator)
        press(model, "<S-Tab>", "<S-Tab>")
        XCTAssertEqual(model.focus, .degradation)
        press(model, "j", "<Down>")
        XCTAssertEqual(model.session.type, .snow)
        press(model, "k")
        XCTAssertEqual(model.session.type, .rain)
        press(model, "<Tab>", "<Tab>")
        XCTAssertEqual(model.focus, .generator)
        XCTAssertEqual(model.generatorField, .generator)
        let seed = model.session.seed
        press(model, "j", "<Right>")
        XCTAssertEqual(model.session.seed, seed + 1)
        press(model, "j", "l", "l")
        XCTAssertEqual(model.session.settings.steps, 22)
        press(model, "j", "l")
        XCTAssertEqual(model.session.settings.sampler, .ddim)
        press(model, "<Tab>")
        XCTAssertEqual(model.focus, .panes)
        press(model, "l", "l")
        XCTAssertEqual(model.selectedPaneKind, .diffusion)
        press(model, "<Tab>")
        XCTAssertEqual(model.focus, .images)
    }

    func testOverlaysZoomAndEscape() throws {
        let model = try model()
        let epoch = model.coverEpoch
        press(model, "?")
        XCTAssertTrue(model.overlays.last is HelpOverlay)
        let mu = model.session.targetMu
        press(model, "]")
        XCTAssertTrue(model.overlays.last is HelpOverlay, "keys other than Esc and ? are ignored under help")
        XCTAssertEqual(model.session.targetMu, mu)
        press(model, "<Esc>")
        XCTAssertTrue(model.overlays.isEmpty)
        XCTAssertGreaterThan(model.coverEpoch, epoch, "closing an overlay re-sends images")
        press(model, "z")
        XCTAssertEqual(model.zoomed, .clean)
        press(model, "?")
        XCTAssertEqual(model.overlays.count, 1, "help opens over the zoomed pane")
        press(model, "?")
        XCTAssertEqual(model.zoomed, .clean, "closing the help goes back to the zoom")
        press(model, "<Esc>")
        XCTAssertNil(model.zoomed)
        XCTAssertTrue(model.overlays.isEmpty)
        press(model, "<Esc>")
        XCTAssertEqual(model.session.notice, .info("nothing to cancel"))
    }

    func testCommandLine() throws {
        let model = try model()
        press(model, ":")
        for c in "restorers stretch-b" { model.handle(.char(c)) }
        XCTAssertEqual(model.commandLine, "restorers stretch-b")
        press(model, "<Enter>")
        XCTAssertNil(model.commandLine)
        XCTAssertEqual(model.session.shownRestorers, ["stretch-b"])

        model.execute(command: "restorers bogus")
        XCTAssertTrue(model.notice?.text.contains("no restorer named 'bogus'") ?? false)
        model.execute(command: "type low-light")
        XCTAssertEqual(model.session.type, .lowLight)
        model.execute(command: "mu 0.05")
        XCTAssertEqual(model.session.targetMu, 0.05)
        model.execute(command: "seed 99")
        XCTAssertEqual(model.session.seed, 99)
        model.execute(command: "export-dir /tmp/somewhere")
        XCTAssertEqual(model.session.exportFolder, "/tmp/somewhere")
        model.execute(command: "cfg-text 5")
        XCTAssertEqual(model.session.settings.textGuidance, 5)
        model.execute(command: "frobnicate")
        XCTAssertTrue(model.notice?.text.contains("unknown command") ?? false)
        XCTAssertEqual(model.notice?.severity, .error)

        let other = try TestImages.writeGradient(name: "other.png", width: 32, height: 32)
        model.execute(command: "open \(other)")
        XCTAssertEqual(model.session.currentImagePath, other)
        XCTAssertEqual(model.session.imagePaths.count, 2)
        model.execute(command: "open /no/such/file.png")
        XCTAssertTrue(model.notice?.text.contains("no such file") ?? false)

        press(model, ":", "x", "<BS>", "<BS>")
        XCTAssertNil(model.commandLine, "backspace on an empty command line closes it")
        press(model, ":", "q", "<Esc>")
        XCTAssertNil(model.commandLine)
        XCTAssertFalse(model.shouldQuit, "q typed into the command line does not quit")
    }

    func testSamplersAreTheEnginesAndTheCommandTakesOnlyThose() throws {
        let model = try model()
        XCTAssertEqual(ExplorerViewModel.samplers, ["euler-a", "ddim", "dpmpp-2m"])
        for name in ExplorerViewModel.samplers { XCTAssertNotNil(SamplerKind(rawValue: name), "\(name) is not an engine sampler") }
        model.execute(command: "sampler dpmpp-2m")
        XCTAssertEqual(model.session.settings.sampler, .dpmpp2m)
        for unknown in ["euler", "dpm++2m", ""] {
            model.execute(command: "sampler \(unknown)")
            XCTAssertEqual(model.session.settings.sampler, .dpmpp2m, "'\(unknown)' was accepted")
            XCTAssertEqual(model.notice?.text, "samplers: euler-a, ddim, dpmpp-2m")
        }
    }

    func testImageListOpensAnImageOrThePathPrompt() throws {
        let first = try TestImages.writeGradient(name: "a.png")
        let second = try TestImages.writeGradient(name: "b.png", width: 40, height: 40)
        let model = try model(paths: [first, second])
        press(model, "<Tab>", "<Tab>", "<Tab>")
        XCTAssertEqual(model.focus, .images)
        press(model, "j", "<Enter>")
        XCTAssertEqual(model.session.currentImagePath, second)
        XCTAssertTrue(model.session.waitUntilIdle())
        XCTAssertEqual(model.session.clean?.width, 40)
        press(model, "j", "<Enter>")
        XCTAssertEqual(model.commandLine, "open ")
    }

    func testQuitAsksOnceWhenMarksAreUnexported() throws {
        let model = try model()
        press(model, "m")
        XCTAssertEqual(model.session.marks.count, 1)
        press(model, "q")
        XCTAssertFalse(model.shouldQuit)
        XCTAssertTrue(model.notice?.text.contains("press q again") ?? false)
        press(model, "q")
        XCTAssertTrue(model.shouldQuit)
    }

    func testThemeKeyCyclesAndUnknownThemeFallsBack() throws {
        var light = Theme.builtinDark
        light.name = "light"
        let themes = ThemeStore(themes: [Theme.builtinDark, light])
        let model = try model(themes: themes)
        XCTAssertEqual(model.theme.name, "dark")
        press(model, "t")
        XCTAssertEqual(model.theme.name, "light")
        press(model, "t")
        XCTAssertEqual(model.theme.name, "dark")
        let session = try makeSession(paths: [try TestImages.writeGradient()])
        let named = ExplorerViewModel(session: session, themes: themes, themeName: "nope")
        XCTAssertEqual(named.theme.name, "dark")
        XCTAssertTrue(named.notice?.text.contains("no theme named 'nope'") ?? false)
    }

    func testEveryKeyOfTheMainTableDoesSomething() throws {
        // Each key of the table that works in every section changes some visible state or message.
        for binding in KeyBindings.anywhere {
            for (key, command) in binding.commands {
                let model = try model()
                let before = snapshot(model)
                model.handle(key)
                XCTAssertNotEqual(snapshot(model), before, "key \(key) (\(command)) had no effect")
            }
        }
    }

    func testKeysOfTheFocusedSectionDoSomething() throws {
        let first = try TestImages.writeGradient(name: "a.png")
        let second = try TestImages.writeGradient(name: "b.png")
        for focus in Focus.allCases {
            for binding in KeyBindings.inFocus(focus) {
                // One key per command: the others are the same command under another key (k for ↑).
                var tried: [ExplorerCommand] = []
                for (key, command) in binding.commands where !tried.contains(command) {
                    tried.append(command)
                    let model = try model(paths: [first, second])
                    while model.focus != focus { model.perform(.moveFocus(by: 1)) }
                    // From the middle of each range, so both directions can move.
                    model.perform(.stepType(by: 2))
                    model.perform(.moveGeneratorField(by: 2))
                    model.perform(.movePaneSelection(by: 2))
                    model.perform(.moveImageCursor(by: 1))
                    let before = snapshot(model)
                    model.handle(key)
                    XCTAssertNotEqual(snapshot(model), before, "\(focus): key \(key) (\(command)) had no effect")
                }
            }
        }
    }

    private func snapshot(_ model: ExplorerViewModel) -> String {
        "\(model.focus) \(model.session.targetMu) \(model.overlays.count) \(String(describing: model.zoomed)) \(String(describing: model.commandLine)) "
            + "\(model.theme.name) \(model.session.seed) \(model.session.type) \(model.session.settings) \(model.imageCursor) "
            + "\(model.selectedPane) \(model.generatorField) \(model.session.selectedImage) "
            + "\(model.session.marks.count) \(String(describing: model.notice?.text)) \(model.shouldQuit) \(model.session.restoreSource) "
            + "\(model.session.jobs.keys.map(\.rawValue).sorted()) \(model.coverEpoch)"
    }
}
