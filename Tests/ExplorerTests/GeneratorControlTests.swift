import Foundation
import GenDegEngine
import GenDegTestSupport
@testable import GenDegExplorer
import XCTest

/// The generator control heads the Generator section: which generator's degraded image the
/// restorers work on (physical; diffusion when a model is loaded).
final class GeneratorControlTests: XCTestCase {
    private func model(diffusion: DegradationGenerator?) throws -> ExplorerViewModel {
        let session = try makeSession(paths: [try TestImages.writeGradient()], diffusion: diffusion)
        XCTAssertTrue(session.waitUntilIdle())
        return ExplorerViewModel(session: session, themes: ThemeStore(themes: [Theme.builtinDark]))
    }

    private func press(_ model: ExplorerViewModel, _ keys: String...) {
        for spelling in keys { model.handle(Key(spelling: spelling)!) }
    }

    private func generatorBox(_ model: ExplorerViewModel) -> [String] {
        let layout = ScreenLayout(rows: 24, cols: 80, panes: model.session.paneOrder, zoomed: nil, imageCount: 1)
        let grid = TextGrid(rows: 24, cols: 80)
        ScreenPainter(model: model, layout: layout, graphicsEnabled: true).paint(on: grid)
        let box = layout.generator.interior
        return (box.row...box.bottom).map { String(grid.line($0).dropFirst(box.col).prefix(box.cols)) }
    }

    func testTheGeneratorIsTheSectionsFirstControlAndArrowsSwitchIt() throws {
        let model = try model(diffusion: SteppingGenerator(steps: 2, stepDelay: 0))
        press(model, "<Tab>")
        XCTAssertEqual(model.focus, .generator)
        XCTAssertEqual(model.generatorField, .generator)
        XCTAssertTrue(generatorBox(model)[0].hasPrefix("generator ◀physical▶"), generatorBox(model)[0])
        press(model, "<Right>")
        XCTAssertEqual(model.session.restoreSource, .diffusion)
        XCTAssertTrue(generatorBox(model)[0].hasPrefix("generator ◀diffusion▶"))
        XCTAssertEqual(model.session.pane(.restored("stretch-a")).phase, .empty, "restorers wait for the diffusion image")
        press(model, "g")
        XCTAssertTrue(model.session.waitUntilIdle())
        XCTAssertEqual(model.session.pane(.restored("stretch-a")).restoredFrom, .diffusion)
        press(model, "h")
        XCTAssertEqual(model.session.restoreSource, .physical)
        press(model, "s")
        XCTAssertEqual(model.session.restoreSource, .diffusion, "s switches it from anywhere")
        model.execute(command: "source physical")
        XCTAssertEqual(model.session.restoreSource, .physical)
        press(model, "j")
        XCTAssertEqual(model.generatorField, .seed)
        XCTAssertEqual(generatorBox(model).map { String($0.prefix(9)) },
                       ["generator", "seed     ", "steps    ", "sampler  ", "cfg text ", "cfg image"])
    }

    func testWithoutAModelOnlyThePhysicalGeneratorCanBeChosen() throws {
        let model = try model(diffusion: nil)
        press(model, "<Tab>", "<Right>")
        XCTAssertEqual(model.session.restoreSource, .physical)
        XCTAssertEqual(model.notice?.text, ExplorerSession.noDiffusionMessage)
        press(model, "s")
        XCTAssertEqual(model.session.restoreSource, .physical)
        model.execute(command: "source diffusion")
        XCTAssertEqual(model.session.restoreSource, .physical)
        XCTAssertEqual(generatorBox(model)[0].trimmingCharacters(in: .whitespaces), "generator physical")
    }
}
