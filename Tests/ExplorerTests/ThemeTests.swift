import Foundation
@testable import GenDegExplorer
import GenDegTestSupport
import XCTest

final class ThemeTests: XCTestCase {
    static let themesFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("themes").path

    func testShippedThemesParseAndColourEveryElement() throws {
        let store = ThemeStore.load(from: [Self.themesFolder])
        XCTAssertEqual(store.problems, [])
        XCTAssertEqual(Set(store.themes.map(\.name)), ["dark", "light", "high-contrast"])
        for theme in store.themes {
            XCTAssertEqual(Set(theme.styles.keys), Set(ThemeElement.allCases), "\(theme.name) misses elements")
            let text = theme.style(.text)
            XCTAssertNotEqual(text.foreground, text.background, "\(theme.name): text must be readable")
        }
    }

    func testDarkFileMatchesTheBuiltInDefault() throws {
        let text = try String(contentsOfFile: Self.themesFolder + "/dark.toml", encoding: .utf8)
        XCTAssertEqual(try ThemeFile.parse(text, file: "dark.toml"), Theme.builtinDark)
    }

    func testBrokenThemesGiveAClearMessage() {
        let valid = try! String(contentsOfFile: Self.themesFolder + "/light.toml", encoding: .utf8)
        let cases: [(String, String)] = [
            (valid.replacingOccurrences(of: "[status]", with: "[statusbar]"), "unknown element [statusbar]"),
            (valid.replacingOccurrences(of: "fg = \"#2a2a33\"\nbg = \"#f7f7f2\"\nbold = false\n\n[dim]", with: "[dim]"), "[text] needs fg"),
            (valid.replacingOccurrences(of: "[overlay_border]", with: "[overlay]"), "[overlay] appears twice"),
            (valid.replacingOccurrences(of: "#77776f", with: "#77776"), "is not a #rrggbb colour"),
            (valid.replacingOccurrences(of: "name = \"light\"", with: "name = \"light"), "light.toml:2: unterminated string"),
            (valid + "\nbold = maybe\n", "expected a \"string\", true or false"),
            (valid + "\nnonsense line\n", "expected key = value"),
        ]
        for (text, expected) in cases {
            XCTAssertThrowsError(try ThemeFile.parse(text, file: "light.toml")) { error in
                XCTAssertTrue("\(error)".contains(expected), "'\(error)' should contain '\(expected)'")
            }
        }
    }

    func testStoreFallsBackToTheDefaultAndReportsBrokenFiles() throws {
        let folder = try TestImages.temporaryFolder()
        try "name = \"oops\"\n[text]\nfg = \"red\"\n".write(toFile: folder + "/oops.toml", atomically: true, encoding: .utf8)
        let store = ThemeStore.load(from: ["/no/such/folder", folder])
        XCTAssertEqual(store.themes.map(\.name), ["dark"])
        XCTAssertEqual(store.problems.count, 1)
        XCTAssertTrue(store.problems[0].contains("oops.toml"))
        XCTAssertTrue(store.problems[0].contains("using the default"))
        let session = try makeSession(paths: [try TestImages.writeGradient()])
        let model = ExplorerViewModel(session: session, themes: store, themeName: "oops")
        XCTAssertEqual(model.theme, Theme.builtinDark)
        XCTAssertNotNil(model.notice?.text)
    }
}
