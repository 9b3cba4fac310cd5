import Foundation
@testable import GenDegEngine
import XCTest

/// The one validation the command line and the explorer share (issue 11, point 11).
final class ParameterLimitsTests: XCTestCase {
    func testNumbersMustBeFiniteAndInRange() throws {
        XCTAssertEqual(try ParameterLimits.number("7.5", in: ParameterLimits.guidance, ":cfg-text"), 7.5)
        for text in ["nan", "inf", "-inf", "1e309", "101", "-0.5", "seven", ""] {
            XCTAssertThrowsError(try ParameterLimits.number(text, in: ParameterLimits.guidance, ":cfg-text"), text) { error in
                XCTAssertEqual((error as? ParameterError)?.name, ":cfg-text")
            }
        }
        XCTAssertThrowsError(try ParameterLimits.check(Float.nan, in: ParameterLimits.guidance, "--cfg-image")) { error in
            XCTAssertEqual("\(error)", "--cfg-image: nan is not a finite number")
        }
        XCTAssertEqual(try ParameterLimits.wholeNumber("1000", in: ParameterLimits.steps, ":steps"), 1000)
        XCTAssertThrowsError(try ParameterLimits.wholeNumber("100000", in: ParameterLimits.steps, ":steps")) { error in
            XCTAssertEqual("\(error)", ":steps: 100000 is out of range: it must lie in 1...1000")
        }
    }

    func testRepeatedValuesAreNamed() {
        XCTAssertThrowsError(try ParameterLimits.distinct([DegradationType.haze, .rain, .haze], "--types", spelled: \.rawValue)) { error in
            XCTAssertEqual("\(error)", "--types: 'haze' is given twice")
        }
        XCTAssertNoThrow(try ParameterLimits.distinct(DegradationType.allCases, "--types"))
    }

    func testDefaultsLiveInOnePlace() {
        let settings = GeneratorSettings()
        XCTAssertEqual(settings.textGuidance, GenDegDefaults.textGuidance)
        XCTAssertEqual(settings.imageGuidance, GenDegDefaults.imageGuidance)
        XCTAssertEqual(settings.steps, GenDegDefaults.steps)
        XCTAssertEqual(settings.sampler, GenDegDefaults.sampler)
        let parameters = GenDegParameters(type: .haze, mu: 0.1, sigma: 0.05)
        XCTAssertEqual(Double(parameters.textGuidance), GenDegDefaults.textGuidance)
        XCTAssertEqual(Double(parameters.imageGuidance), GenDegDefaults.imageGuidance)
        XCTAssertEqual(parameters.resolution, GenDegDefaults.resolution)
        XCTAssertTrue(ParameterLimits.guidance.contains(GenDegDefaults.textGuidance))
        XCTAssertTrue(ParameterLimits.steps.contains(GenDegDefaults.steps))
    }

    func testGeneratorSettingsAreCheckedUnderTheUsersSpelling() throws {
        XCTAssertNoThrow(try GeneratorSettings().checked(prefix: "--"))
        var settings = GeneratorSettings()
        settings.imageGuidance = .infinity
        XCTAssertThrowsError(try settings.checked(prefix: ":")) { XCTAssertEqual(($0 as? ParameterError)?.name, ":cfg-image") }
        settings = GeneratorSettings(steps: 1001)
        XCTAssertThrowsError(try settings.checked(prefix: "--")) { XCTAssertEqual(($0 as? ParameterError)?.name, "--steps") }
    }

    func testTheEngineRefusesNonFiniteGuidanceWhoeverBuiltTheParameters() {
        var parameters = GenDegParameters(type: .haze, mu: 0.1, sigma: 0.05)
        parameters.textGuidance = .nan
        XCTAssertThrowsError(try parameters.check()) { XCTAssertTrue("\($0)".contains("text guidance")) }
        parameters = GenDegParameters(type: .haze, mu: .infinity, sigma: 0.05)
        XCTAssertThrowsError(try parameters.check()) { XCTAssertTrue("\($0)".contains("mu")) }
    }

    func testMemoryProductsSaturateInsteadOfTrapping() throws {
        XCTAssertEqual(MemoryBudget.product(1 << 40, 1 << 40), Int.max)
        XCTAssertEqual(MemoryBudget.sum(Int.max, 1), Int.max)
        XCTAssertThrowsError(try MemoryBudget.check(estimate: Int.max, what: "a run", cause: "--x")) { error in
            XCTAssertTrue("\(error)".hasPrefix("--x: a run needs about"), "\(error)")
            XCTAssertTrue("\(error)".contains("this machine's memory"), "\(error)")
        }
        XCTAssertNoThrow(try MemoryBudget.check(estimate: 1 << 20, limit: 1 << 21, what: "a run", cause: "--x"))
    }

    /// Each factor in range, the product not: refused before a job list of that size is built.
    func testSynthesisPlansAreBoundedInSamples() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gendeg-plan-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        // Distinct contents: the plan keeps one source per content hash.
        let paths = (0..<900).map { "\(folder)/\($0).png" }
        for (index, path) in paths.enumerated() { FileManager.default.createFile(atPath: path, contents: Data("\(index)".utf8)) }
        XCTAssertThrowsError(try SynthesisPlan(imagePaths: paths, types: DegradationType.allCases, perImage: 10_000, seed: 0,
                                               intensity: .gends, catalog: try IntensityStatsCatalog.bundled())) { error in
            XCTAssertEqual((error as? ParameterError)?.name, "--per-image")
            XCTAssertTrue("\(error)".contains("54000000 samples"), "\(error)")
        }
        XCTAssertThrowsError(try SynthesisPlan(imagePaths: paths, types: [.haze], perImage: 100_000_000_000, seed: 0,
                                               intensity: .gends, catalog: try IntensityStatsCatalog.bundled()))
        XCTAssertThrowsError(try SynthesisPlan(imagePaths: paths, types: [.haze, .haze], perImage: 1, seed: 0,
                                               intensity: .gends, catalog: try IntensityStatsCatalog.bundled()))
    }

    func testBundledModelResolutionsFollowItsNetworks() throws {
        let path = try XCTUnwrap(DiffusionGenerators.bundledModelPath())
        let model = try GenDegModel.load(path: path)
        XCTAssertEqual(model.resolutionMultiple, 16)
        XCTAssertNoThrow(try model.checkRun(resolution: model.resolution, name: "--resolution"))
        XCTAssertThrowsError(try model.checkRun(resolution: 120, name: "--resolution")) { error in
            XCTAssertTrue("\(error)".contains("multiple of 16 (its VAE and UNet halve the image that often), e.g. 112 or 128"), "\(error)")
        }
        XCTAssertThrowsError(try model.checkRun(resolution: 256, name: "--resolution", memoryLimit: 1 << 20)) { error in
            XCTAssertTrue("\(error)".contains("over the limit of 1 MiB"), "\(error)")
        }
        // The estimate grows with the side: attention scores grow as its fourth power.
        XCTAssertGreaterThan(model.estimatedBytes(resolution: 2048), 200 * (1 << 30))
        XCTAssertLessThan(model.estimatedBytes(resolution: 128), 1 << 30)
    }
}
