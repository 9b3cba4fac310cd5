import Foundation
@testable import GenDegExplorer
import GenDegTestSupport
import XCTest

/// `--theme` takes a name from the theme folders or, as helix does, the path of a theme file.
final class ThemeChoiceTests: XCTestCase {
    func testAPathIsReadAndSelectedAndANameStillLooksInTheFolders() throws {
        let folder = try TestImages.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let light = try String(contentsOfFile: ThemeTests.themesFolder + "/light.toml", encoding: .utf8)
        let custom = "\(folder)/mine.toml"
        try light.replacingOccurrences(of: "name = \"light\"", with: "name = \"mine\"").write(toFile: custom, atomically: true, encoding: .utf8)

        let byPath = try ThemeChoice(argument: custom, folders: [ThemeTests.themesFolder])
        XCTAssertEqual(byPath.name, "mine")
        XCTAssertNotNil(byPath.store.index(named: "mine"))
        XCTAssertNotNil(byPath.store.index(named: "dark"), "the folder's themes stay available to cycle through")

        let byName = try ThemeChoice(argument: "light", folders: [ThemeTests.themesFolder])
        XCTAssertEqual(byName.name, "light")
        XCTAssertNil(byName.store.index(named: "mine"))

        // A file named like a folder theme replaces it rather than hiding behind it.
        let dark = "\(folder)/dark.toml"
        try light.replacingOccurrences(of: "name = \"light\"", with: "name = \"dark\"").write(toFile: dark, atomically: true, encoding: .utf8)
        let replaced = try ThemeChoice(argument: dark, folders: [ThemeTests.themesFolder])
        let index = try XCTUnwrap(replaced.store.index(named: "dark"))
        XCTAssertEqual(replaced.store.themes[index].styles, try ThemeFile.parse(light, file: "light").styles)
        XCTAssertEqual(replaced.store.themes.filter { $0.name == "dark" }.count, 1)
    }

    func testABadOrMissingFileIsAnErrorNamingIt() throws {
        let folder = try TestImages.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let bad = "\(folder)/bad.toml"
        try "name = \"bad\"\n[nonsense]\nfg = \"#000000\"\n".write(toFile: bad, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try ThemeChoice(argument: bad, folders: [])) { error in
            XCTAssertEqual((error as? ThemeError)?.file, bad)
            XCTAssertEqual((error as? ThemeError)?.line, 2)
        }
        XCTAssertThrowsError(try ThemeChoice(argument: "\(folder)/absent.toml", folders: [])) { error in
            XCTAssertEqual("\(error)", "\(folder)/absent.toml: no such theme file")
        }
    }
}
