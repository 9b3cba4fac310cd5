import Foundation
import GenDegEngine
import GenDegTestSupport
import XCTest

/// Exports that include a diffusion image made by a model stored as a folder (as the bundled
/// GenDeg-small is): the sidecar carries the folder's ModelHash.
final class DiffusionExportTests: XCTestCase {
    private func folderModel() throws -> String {
        let folder = try TestImages.temporaryFolder()
        for (relative, text) in [("gendeg.json", "{}"), ("unet/diffusion_pytorch_model.safetensors", "unet"), ("vae/model.safetensors", "vae")] {
            let path = (folder as NSString).appendingPathComponent(relative)
            try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        }
        return folder
    }

    func testExplorerExportOfADiffusionImageRecordsTheModelFoldersHash() throws {
        let model = try folderModel()
        let exports = try TestImages.temporaryFolder()
        let diffusion = SteppingGenerator(steps: 2, stepDelay: 0, modelFile: model)
        let session = try makeSession(paths: [try TestImages.writeGradient()], diffusion: diffusion, exportFolder: exports)
        XCTAssertTrue(session.waitUntilIdle())
        session.runDiffusion()
        XCTAssertTrue(session.waitUntilIdle())
        XCTAssertEqual(session.pane(.diffusion).phase, .ready)
        session.export()
        XCTAssertTrue(session.waitUntilIdle())
        XCTAssertTrue(session.notice?.text.hasPrefix("exported to") ?? false, session.notice?.text ?? "no message")

        let written = try FileManager.default.contentsOfDirectory(atPath: exports)
        XCTAssertEqual(written.count, 1)
        let sample = (exports as NSString).appendingPathComponent(try XCTUnwrap(written.first))
        let sidecar = try JSONDecoder().decode(ExportSidecar.self, from: Data(contentsOf: URL(fileURLWithPath: sample + "/sample.json")))
        let entry = try XCTUnwrap(sidecar.degraded.first { $0.generator == "stepper" }, "the diffusion image is exported")
        XCTAssertTrue(FileManager.default.fileExists(atPath: sample + "/" + entry.file))
        XCTAssertEqual(entry.modelFile, model)
        XCTAssertEqual(entry.modelSHA256, try ModelHash.sha256(ofModelAt: model))
        XCTAssertNil(sidecar.degraded.first { $0.generator == "veil" }?.modelSHA256, "the physical generator has no model")
    }
}
