import Foundation
import GenDegEngine
@testable import GenDegExplorer
import GenDegTestSupport
import XCTest

/// The explorer's `:` commands refuse what the command line refuses, in the same words
/// (ParameterLimits), and a FIFO cannot hang `:open`.
final class CommandLimitsTests: XCTestCase {
    private func model() throws -> ExplorerViewModel {
        let session = try makeSession(paths: [try TestImages.writeGradient()])
        XCTAssertTrue(session.waitUntilIdle())
        return ExplorerViewModel(session: session, themes: ThemeStore(themes: [Theme.builtinDark]))
    }

    func testNonFiniteAndOutOfRangeNumbersAreRefused() throws {
        let model = try model()
        let before = model.session.settings
        for (command, name) in [("cfg-image inf", ":cfg-image"), ("cfg-image nan", ":cfg-image"), ("cfg-text 1e309", ":cfg-text"),
                                ("cfg-text -1", ":cfg-text"), ("steps 100000", ":steps"), ("steps 0", ":steps"), ("mu nan", ":mu"),
                                ("mu 5", ":mu")] {
            model.execute(command: command)
            XCTAssertTrue(model.notice?.text.hasPrefix(name + ":") ?? false, "\(command): \(model.notice?.text ?? "no message")")
            XCTAssertEqual(model.notice?.severity, .error, command)
            XCTAssertEqual(model.session.settings, before, command)
        }
        // The command line's own upper bound is accepted here too.
        model.execute(command: "steps \(ParameterLimits.steps.upperBound)")
        XCTAssertEqual(model.session.settings.steps, ParameterLimits.steps.upperBound)
        model.execute(command: "cfg-image 2.5")
        XCTAssertEqual(model.session.settings.imageGuidance, 2.5)
    }

    func testOpeningAFIFOIsRefusedAtOnce() throws {
        let model = try model()
        let fifo = FileManager.default.temporaryDirectory.appendingPathComponent("gendeg-fifo-\(UUID().uuidString.prefix(8)).png").path
        XCTAssertEqual(mkfifo(fifo, 0o644), 0)
        defer { unlink(fifo) }
        let count = model.session.imagePaths.count
        model.execute(command: "open \(fifo)")
        XCTAssertTrue(model.notice?.text.contains("FIFO") ?? false, model.notice?.text ?? "no message")
        XCTAssertEqual(model.session.imagePaths.count, count)
    }
}
