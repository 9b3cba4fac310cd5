import Foundation
import GenDegEngine
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
        XCTAssertTrue(model.message?.contains(datasets[1].name) ?? false)
        press(model, "9")
        XCTAssertTrue(model.message?.contains("5 dataset presets") ?? false)
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
        XCTAssertEqual(model.overlay, .help)
        press(model, "]")
        XCTAssertEqual(model.overlay, .help, "keys other than Esc and ? are ignored under help")
        press(model, "<Esc>")
        XCTAssertEqual(model.overlay, .none)
        XCTAssertGreaterThan(model.coverEpoch, epoch, "closing an overlay re-sends images")
        press(model, "z")
        XCTAssertEqual(model.overlay, .zoom(.clean))
        press(model, "<Esc>")
        XCTAssertEqual(model.overlay, .none)
        press(model, "<Esc>")
        XCTAssertEqual(model.session.message, "nothing to cancel")
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
        XCTAssertTrue(model.message?.contains("no restorer named 'bogus'") ?? false)
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
        XCTAssertTrue(model.message?.contains("unknown command") ?? false)

        let other = try TestImages.writeGradient(name: "other.png", width: 32, height: 32)
        model.execute(command: "open \(other)")
        XCTAssertEqual(model.session.currentImagePath, other)
        XCTAssertEqual(model.session.imagePaths.count, 2)
        model.execute(command: "open /no/such/file.png")
        XCTAssertTrue(model.message?.contains("no such file") ?? false)

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
            XCTAssertEqual(model.message, "samplers: euler-a, ddim, dpmpp-2m")
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
        XCTAssertTrue(model.message?.contains("press q again") ?? false)
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
        XCTAssertTrue(named.message?.contains("no theme named 'nope'") ?? false)
    }

    func testEveryKeyInTheHelpDoesSomething() throws {
        // Each single-key binding in the help changes some visible state or message.
        for binding in KeyBindings.all where binding.section == "anywhere" && binding.keys.count == 1 {
            let model = try model()
            let before = snapshot(model)
            model.handle(Key(spelling: binding.keys)!)
            XCTAssertNotEqual(snapshot(model), before, "key \(binding.keys) had no effect")
        }
    }

    private func snapshot(_ model: ExplorerViewModel) -> String {
        "\(model.session.targetMu) \(model.overlay) \(String(describing: model.commandLine)) \(model.theme.name) \(model.session.seed) "
            + "\(model.session.marks.count) \(String(describing: model.message)) \(model.shouldQuit) \(model.session.restoreSource) "
            + "\(model.session.jobs.keys.map(\.rawValue).sorted()) \(model.coverEpoch)"
    }
}
