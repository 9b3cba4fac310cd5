import Foundation
import GenDegEngine
import GenDegTestSupport
@testable import GenDegExplorer

import XCTest

/// sample.json says, for every degraded image, whether a generative model made it.
final class SampleSyntheticLabelTests: XCTestCase {
    /// The veil standing in for a diffusion model: slow, and labelled synthetic as GenDeg's is.
    struct GenerativeDouble: DegradationGenerator {
        let veil = VeilGenerator()
        var name: String { "generative-double" }
        var modelFile: String? { nil }
        var isSynthetic: Bool { true }
        func generate(_ request: GenerationRequest, onStep: (GenerationStep) -> Bool) throws -> GeneratedImage {
            try veil.generate(request, onStep: onStep)
        }
    }

    func testPhysicalIsFalseAndDiffusionIsTrue() throws {
        XCTAssertFalse(PhysicalGenerator().isSynthetic)
        let folder = try TestImages.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let session = try makeSession(paths: [try TestImages.writeGradient()], diffusion: GenerativeDouble(), exportFolder: folder)
        XCTAssertTrue(session.waitUntilIdle())
        session.runDiffusion()
        XCTAssertTrue(session.waitUntilIdle())
        session.export()
        XCTAssertTrue(session.waitUntilIdle())
        let exported = try XCTUnwrap(try FileManager.default.contentsOfDirectory(atPath: folder).first)
        let sidecar = try Data(contentsOf: URL(fileURLWithPath: "\(folder)/\(exported)/\(SampleExporter.sidecarName)"))
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: sidecar) as? [String: Any])
        let degraded = try XCTUnwrap(json["degraded"] as? [[String: Any]])
        let labels = Dictionary(uniqueKeysWithValues: degraded.map { ($0["generator"] as? String ?? "?", $0["synthetic"]) })
        XCTAssertEqual(labels.count, 2, "\(degraded)")
        XCTAssertEqual(labels["veil"] as? Bool, false, "an explicit false for the physical image")
        XCTAssertEqual(labels["generative-double"] as? Bool, true)
    }
}
