import Foundation
import GenDegEngine
@testable import GenDegExplorer
import XCTest

/// The README's keys table, the help overlay's bindings and the key handling agree.
final class KeyDocumentationTests: XCTestCase {
    private func readmeKeysTable() throws -> String {
        let readme = try String(contentsOfFile: TerminalHarness.packageRoot + "/README.md", encoding: .utf8)
        let start = try XCTUnwrap(readme.range(of: "| key | does |"), "README has a keys table")
        let rest = readme[start.upperBound...]
        return String(rest[..<(rest.range(of: "\n\n")?.lowerBound ?? rest.endIndex)])
    }

    private func commandVerbs(in text: String) -> Set<String> {
        let regex = try! NSRegularExpression(pattern: "(?:^|[` ]):([a-z][a-z-]*)")
        let range = NSRange(text.startIndex..., in: text)
        return Set(regex.matches(in: text, range: range).map { String(text[Range($0.range(at: 1), in: text)!]) })
    }

    func testEverySingleKeyOfTheHelpIsInTheReadmeTable() throws {
        let table = try readmeKeysTable()
        for binding in KeyBindings.all where binding.section == "anywhere" && binding.keys.count == 1 {
            XCTAssertTrue(table.contains("`\(binding.keys)`"), "README keys table lacks `\(binding.keys)`")
        }
    }

    func testTheReadmeAndTheHelpListTheSameCommandsAndTheExplorerKnowsThem() throws {
        let help = commandVerbs(in: KeyBindings.all.filter { $0.section == "commands" }.map(\.keys).joined(separator: " "))
        let readme = commandVerbs(in: try readmeKeysTable())
        XCTAssertGreaterThan(help.count, 10)
        XCTAssertEqual(readme, help)
        for verb in help {
            let session = try makeSession(paths: [try TestImages.writeGradient()])
            let model = ExplorerViewModel(session: session, themes: ThemeStore(themes: [Theme.builtinDark]))
            model.execute(command: verb)
            XCTAssertFalse(model.message?.contains("unknown command") ?? false, ":\(verb) is not understood")
        }
    }
}
