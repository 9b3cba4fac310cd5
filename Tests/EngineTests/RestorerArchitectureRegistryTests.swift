import XCTest
@testable import GenDegEngine

/// The restorer architectures as plug-ins: every registered architecture is found by the one
/// detector in registry order, names itself, accepts its own registry spelling and no other
/// architecture's, and the error for unknown checkpoints lists exactly the registry.
final class RestorerArchitectureRegistryTests: XCTestCase {
    /// One committed checkpoint per registered architecture (and Zero-DCE's three layouts).
    let fixtures: [(file: String, family: ModelFamily, name: String)] = [
        ("nafnet_w8", .nafnet, "nafnet"), ("restormer_d4", .restormer, "restormer"), ("promptir_d4", .promptIR, "promptir"),
        ("zerodce_official", .zeroDCE, "zero-dce"), ("zerodcepp_official_s4", .zeroDCE, "zero-dce++"),
        ("zerodce_neuro_low_light", .zeroDCE, "neuro-low-light"),
    ]

    func detected(_ file: String) throws -> LearnedArchitecture {
        let weights = try WeightLoader.open(try LearnedGoldenTests.fixture(file, "pth"))
        return try LearnedArchitecture.detect(names: weights.names, shapes: weights.allShapes)
    }

    func testEveryFixtureIsDetectedAsItsArchitecture() throws {
        var families = Set<ModelFamily>()
        for (file, family, name) in fixtures {
            let architecture = try detected(file)
            XCTAssertEqual(ModelFamily(architecture), family, file)
            XCTAssertEqual(architecture.name, name, file)
            XCTAssertTrue(architecture.matches(declared: name.uppercased().replacingOccurrences(of: "-", with: "_")), file)
            XCTAssertFalse(architecture.summary.isEmpty || architecture.configurationLines.isEmpty, file)
            XCTAssertFalse(architecture.defaultTargets.isEmpty, file)
            families.insert(family)
        }
        // Each registered architecture has a fixture here: a new one must bring its own.
        XCTAssertEqual(families, Set(RestorerArchitectures.all.map { $0.family }))
        XCTAssertTrue(families.allSatisfy(\.isRestorer))
    }

    func testNoArchitectureAcceptsAnotherOnesName() throws {
        let architectures = try fixtures.map { try detected($0.file) }
        for architecture in architectures {
            for other in architectures where ModelFamily(other) != ModelFamily(architecture) {
                XCTAssertFalse(architecture.matches(declared: other.name), "\(architecture.name) accepts \(other.name)")
            }
        }
    }

    /// A PromptIR holds a whole Restormer: the registry order (PromptIR first) decides.
    func testRegistryOrderPutsPromptIRBeforeRestormer() throws {
        let order = RestorerArchitectures.all.map { $0.displayName }
        XCTAssertLessThan(try XCTUnwrap(order.firstIndex(of: "PromptIR")), try XCTUnwrap(order.firstIndex(of: "Restormer")))
        XCTAssertEqual(try detected("promptir_d4").name, "promptir")
    }

    func testUnknownCheckpointErrorListsTheRegistry() {
        XCTAssertThrowsError(try LearnedArchitecture.detect(names: ["a.weight"], shapes: ["a.weight": [1]])) { error in
            for architecture in RestorerArchitectures.all {
                XCTAssertTrue("\(error)".contains(architecture.displayName), "\(error)")
            }
        }
    }
}
