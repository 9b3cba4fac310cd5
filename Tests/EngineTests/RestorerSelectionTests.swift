import Foundation
import GenDegEngine
import GenDegTestSupport
import XCTest

/// The default restorers follow the degradation type until the user chooses.
final class RestorerSelectionTests: XCTestCase {
    private let restorers: [Restorer] = [
        StretchRestorer(name: "dehaze", targets: [.haze]),
        StretchRestorer(name: "derain", targets: [.rain, .snow]),
        StretchRestorer(name: "any", targets: Set(DegradationType.allCases)),
    ]

    func testTheEnginesCatalogGivesDCPForHazeButNotForRain() throws {
        let catalog = try RestorerCatalog.all()
        XCTAssertEqual(RestorerSelection.defaults(for: .haze, among: catalog).first, "dcp")
        let rain = RestorerSelection.defaults(for: .rain, among: catalog)
        XCTAssertFalse(rain.contains("dcp"))
        XCTAssertEqual(rain.first, "derain")
        XCTAssertEqual(RestorerSelection.defaults(for: .lowLight, among: catalog).first, "lime")
        for type in DegradationType.allCases {
            let names = RestorerSelection.defaults(for: type, among: catalog)
            XCTAssertFalse(names.isEmpty, "\(type) has no default restorer")
            for name in names { XCTAssertTrue(catalog.first { $0.name == name }!.targets.contains(type)) }
        }
    }

    func testSessionDefaultsFollowTheTypeUntilTheUserChooses() throws {
        let session = try makeSession(paths: [try TestImages.writeGradient()], restorers: restorers)
        XCTAssertTrue(session.waitUntilIdle())
        XCTAssertEqual(session.shownRestorers, ["dehaze", "any"])
        XCTAssertFalse(session.restorerSelection.chosenByUser)
        session.setType(.rain)
        XCTAssertEqual(session.shownRestorers, ["derain", "any"])
        XCTAssertTrue(session.waitUntilIdle())
        XCTAssertEqual(session.pane(.restored("derain")).phase, .ready, "the new default restorer ran")
        XCTAssertNil(session.state.outputs[.restored("dehaze")], "the old default's output is gone")

        try session.toggleRestorer("dehaze")
        XCTAssertTrue(session.restorerSelection.chosenByUser)
        XCTAssertEqual(session.shownRestorers, ["derain", "any", "dehaze"])
        session.setType(.haze)
        XCTAssertEqual(session.shownRestorers, ["derain", "any", "dehaze"], "a user's choice stays when the type changes")
    }

    func testChoosingByCommandAlsoStopsFollowing() throws {
        var selection = RestorerSelection(following: .haze, among: restorers)
        try selection.choose(["any", "any", "derain"], among: restorers)
        XCTAssertEqual(selection.names, ["any", "derain"])
        selection.follow(.haze, among: restorers)
        XCTAssertEqual(selection.names, ["any", "derain"])
        XCTAssertThrowsError(try selection.toggle("nope", among: restorers))
        XCTAssertThrowsError(try selection.choose(["nope"], among: restorers))
        XCTAssertEqual(selection.names, ["any", "derain"], "a failed choice changes nothing")
    }
}
