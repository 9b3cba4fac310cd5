import Foundation
import XCTest

/// Every subcommand's --help, as a new user reads it: one example, each default said once, and
/// no line broken in the middle of a sentence by the source code's own line breaks.
final class HelpTextTests: XCTestCase {
    /// The subcommands the binary itself lists (swift-argument-parser's tool description).
    func subcommands() throws -> [String] {
        let dump = try CLI.run(["--experimental-dump-help"])
        XCTAssertEqual(dump.status, 0, dump.stderr)
        let tool = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(dump.stdout.utf8)) as? [String: Any])
        let root = try XCTUnwrap(tool["command"] as? [String: Any])
        let commands = try XCTUnwrap(root["subcommands"] as? [[String: Any]]).compactMap { $0["commandName"] as? String }
        return commands.filter { $0 != "help" }
    }

    /// The help of `gendeg` itself (empty) or of a subcommand, unwrapped (COLUMNS is very wide).
    func help(_ command: String, columns: Int = 1000) throws -> String {
        let result = try CLI.run((command.isEmpty ? [] : [command]) + ["--help"], environment: ["COLUMNS": "\(columns)"])
        XCTAssertEqual(result.status, 0, "\(command): \(result.stderr)")
        return result.stdout
    }

    func testEveryCommandIsListedAndHasExactlyOneExampleLine() throws {
        let commands = try subcommands()
        XCTAssertEqual(Set(commands), ["explore", "degrade", "restore", "restorers", "metrics", "generate", "inspect", "models",
                                       "bench", "synth", "synth-merge"])
        for command in [""] + commands {
            let text = try help(command)
            let examples = text.split(separator: "\n").filter { $0.trimmingCharacters(in: .whitespaces).hasPrefix("Example:") }
            XCTAssertEqual(examples.count, 1, "\(command): \(examples)")
            let example = examples.first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
            XCTAssertTrue(example.hasPrefix("Example: gendeg " + (command.isEmpty ? "" : command + " ")), "\(command): \(example)")
            // At the default width of 80 columns the example still fits on one line.
            let narrow = try help(command, columns: 80)
            XCTAssertTrue(narrow.split(separator: "\n").contains { $0.trimmingCharacters(in: .whitespaces) == example },
                          "\(command): the example wraps at 80 columns")
        }
    }

    /// "(default: every core). (default: 2)" once, and any option's help saying its default twice.
    func testNoOptionStatesItsDefaultTwice() throws {
        for command in try subcommands() {
            for entry in optionEntries(try help(command)) {
                let count = entry.components(separatedBy: "(default").count - 1
                XCTAssertLessThanOrEqual(count, 1, "\(command): \(entry)")
            }
        }
    }

    /// "and is met\nwithin 0.005": a line of prose that ends mid-sentence and goes on in lowercase.
    func testNoHardLineBreaksInTheMiddleOfASentence() throws {
        for command in [""] + (try subcommands()) {
            let lines = try help(command).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            for (line, next) in zip(lines, lines.dropFirst()) {
                let trimmed = next.trimmingCharacters(in: .whitespaces)
                guard let last = line.last, let first = trimmed.first, !trimmed.hasPrefix("-") else { continue }
                let midSentence = (last.isLetter || last.isNumber || last == ",") && first.isLowercase
                XCTAssertFalse(midSentence, "\(command.isEmpty ? "gendeg" : command): broken line:\n\(line)\n\(next)")
            }
        }
    }

    /// Each option's text from the argument and option sections: a line starting "  -" or "  <" begins one.
    func optionEntries(_ help: String) -> [String] {
        var entries: [String] = []
        var inOptions = false
        for line in help.split(separator: "\n").map(String.init) {
            if line.hasSuffix(":") && !line.hasPrefix(" ") {
                inOptions = line.uppercased() == line // ARGUMENTS:, OPTIONS:, LEARNED RESTORERS:
                continue
            }
            guard inOptions else { continue }
            if line.hasPrefix("  -") || line.hasPrefix("  <") {
                entries.append(line)
            } else if line.hasPrefix("   "), !entries.isEmpty {
                entries[entries.count - 1] += " " + line.trimmingCharacters(in: .whitespaces)
            }
        }
        return entries
    }
}
