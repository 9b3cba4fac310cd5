import Foundation
import XCTest

/// `gendeg explore --theme PATH` reads a theme file (a name still looks in themes/); a bad file
/// is refused with its name and line before the terminal is needed.
final class ThemePathTests: XCTestCase {
    var folder = ""

    override func setUpWithError() throws { folder = try CLI.temporaryFolder("theme") }
    override func tearDown() { try? FileManager.default.removeItem(atPath: folder) }

    func testAThemeFileIsAcceptedAndABadOneNamed() throws {
        let light = try String(contentsOfFile: "\(CLI.packageRoot())/themes/light.toml", encoding: .utf8)
        let good = "\(folder)/mine.toml"
        try light.replacingOccurrences(of: "name = \"light\"", with: "name = \"mine\"").write(toFile: good, atomically: true, encoding: .utf8)
        // Not a terminal here: a theme accepted gets as far as the explorer's terminal check.
        let accepted = try CLI.run(["explore", "--theme", good, "--graphics", "none"])
        XCTAssertEqual(accepted.status, 1)
        XCTAssertTrue(accepted.stderr.contains("needs a terminal"), accepted.stderr)
        XCTAssertFalse(accepted.stderr.contains("theme"), accepted.stderr)

        let bad = "\(folder)/bad.toml"
        try "name = \"bad\"\n\n[sparkles]\nfg = \"#ffffff\"\n".write(toFile: bad, atomically: true, encoding: .utf8)
        let refused = try CLI.run(["explore", "--theme", bad, "--graphics", "none"])
        XCTAssertEqual(refused.status, 1)
        XCTAssertTrue(refused.stderr.contains("--theme: \(bad):3: unknown element [sparkles]"), refused.stderr)
        XCTAssertFalse(refused.stderr.contains("no theme named"), refused.stderr)

        let missing = try CLI.run(["explore", "--theme", "\(folder)/absent.toml"])
        XCTAssertEqual(missing.status, 1)
        XCTAssertTrue(missing.stderr.contains("\(folder)/absent.toml: no such theme file"), missing.stderr)

        let named = try CLI.run(["explore", "--theme", "light", "--graphics", "none"])
        XCTAssertTrue(named.stderr.contains("needs a terminal"), "a name is no path: \(named.stderr)")
    }
}
