import Foundation
import GenDegEngine
@testable import GenDegExplorer
import GenDegTestSupport
import XCTest

/// The README's keys table is the key table (`KeyBindings.all`), line for line. To regenerate
/// it after changing the table: `GENDEG_WRITE_README_KEYS=1 swift test --filter KeyDocumentationTests`.
final class KeyDocumentationTests: XCTestCase {
    private static let header = "| key | does |\n|---|---|\n"

    /// The README table the key table makes: one row per help line.
    static func readmeTable() -> String {
        header + KeyBindings.all.map { help in
            "| `\(help.keys.replacingOccurrences(of: "|", with: "\\|"))` | \(help.action) |\n"
        }.joined()
    }

    func testTheReadmeKeysTableIsTheKeyTable() throws {
        let path = TerminalHarness.packageRoot + "/README.md"
        let readme = try String(contentsOfFile: path, encoding: .utf8)
        let start = try XCTUnwrap(readme.range(of: Self.header), "README has a keys table")
        let rest = readme[start.lowerBound...]
        let end = rest.range(of: "\n\n").map { rest.index(after: $0.lowerBound) } ?? rest.endIndex
        let table = String(readme[start.lowerBound..<end])
        let expected = Self.readmeTable()
        if table != expected, ProcessInfo.processInfo.environment["GENDEG_WRITE_README_KEYS"] == "1" {
            try (readme[..<start.lowerBound] + expected + readme[end...]).write(toFile: path, atomically: true, encoding: .utf8)
            return
        }
        XCTAssertEqual(table, expected, "README's keys table differs from KeyBindings; regenerate it with GENDEG_WRITE_README_KEYS=1")
    }

    func testEveryCommandLineVerbIsUnderstood() throws {
        XCTAssertGreaterThan(ColonCommand.allCases.count, 10)
        for command in ColonCommand.allCases {
            let session = try makeSession(paths: [try TestImages.writeGradient()])
            let model = ExplorerViewModel(session: session, themes: ThemeStore(themes: [Theme.builtinDark]))
            model.execute(command: command.rawValue)
            XCTAssertFalse(model.notice?.text.contains("unknown command") ?? false, ":\(command.rawValue) is not understood")
            XCTAssertTrue(command.usage.hasPrefix(":\(command.rawValue)"), "\(command): usage \(command.usage)")
        }
        let session = try makeSession(paths: [try TestImages.writeGradient()])
        let model = ExplorerViewModel(session: session, themes: ThemeStore(themes: [Theme.builtinDark]))
        model.execute(command: "quit")
        XCTAssertTrue(model.shouldQuit, ":quit is :q")
    }

    func testNoKeyIsBoundTwiceWhereItWorks() {
        let anywhere = KeyBindings.anywhere.flatMap { $0.commands.map(\.key) }
        XCTAssertEqual(anywhere.count, Set(anywhere.map { "\($0)" }).count, "a key appears twice among the keys of every section")
        for focus in Focus.allCases {
            let keys = KeyBindings.inFocus(focus).flatMap { $0.commands.map(\.key) }
            XCTAssertEqual(keys.count, Set(keys.map { "\($0)" }).count, "\(focus) binds a key twice")
            for key in keys { XCTAssertFalse(anywhere.contains(key), "\(focus)'s \(key) is shadowed by a key of every section") }
        }
        for overlay in [HelpOverlay.bindings.flatMap { $0.commands.map(\.key) }, RestorerPickerOverlay.bindings.flatMap { $0.commands.map(\.key) }] {
            XCTAssertEqual(overlay.count, Set(overlay.map { "\($0)" }).count, "an overlay binds a key twice")
        }
    }
}
