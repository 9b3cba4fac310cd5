import Foundation
import GenDegEngine
import GenDegTestSupport
import XCTest

final class SampleExporterTests: XCTestCase {
    private func sample(sourcePath: String) -> ExportableSample {
        let clean = TestImages.gradient()
        let degraded = clean.mapped { $0 * 0.5 + 0.25 }
        let spec = SampleSpec(imagePath: sourcePath, type: .haze, targetMu: 0.125, seed: 42, settings: GeneratorSettings(),
                              restorers: ["stretch-a"], restoreSource: .physical)
        return ExportableSample(
            spec: spec, sliderPosition: 0.25, targetSigma: 0.09, originalSize: ImageSize(width: 64, height: 48), clean: clean,
            degraded: [ExportedDegraded(generator: "physical", synthetic: false, image: degraded, stats: DegradationStats.measure(clean: clean, degraded: degraded),
                                        intensity: 0.4, metrics: PaneMetrics.measure(clean: clean, image: degraded))],
            restored: [ExportedRestored(restorer: "stretch-a", source: .physical, image: clean, metrics: PaneMetrics(psnr: .infinity, ssim: 1))])
    }

    func testExportWritesImagesAndAReproducibleSidecar() throws {
        let source = try TestImages.writeGradient(name: "my photo.png")
        let folder = try TestImages.temporaryFolder()
        let written = try SampleExporter(folder: folder).export(sample(sourcePath: source))
        XCTAssertEqual((written as NSString).lastPathComponent, "my_photo_haze_mu0.125_seed42")
        let files = try FileManager.default.contentsOfDirectory(atPath: written).sorted()
        XCTAssertEqual(files, ["clean.png", "degraded-physical.png", "restored-stretch-a-from-physical.png", "sample.json"])
        XCTAssertEqual(try ImageIO.read((written as NSString).appendingPathComponent("clean.png")), TestImages.gradient().quantized8())

        let data = try Data(contentsOf: URL(fileURLWithPath: (written as NSString).appendingPathComponent("sample.json")))
        let sidecar = try JSONDecoder().decode(ExportSidecar.self, from: data)
        XCTAssertEqual(sidecar.source.sha256, try SHA256.hex(fileAt: source))
        XCTAssertEqual(sidecar.source.path, source)
        XCTAssertEqual(sidecar.type, .haze)
        XCTAssertEqual(sidecar.seed, 42)
        XCTAssertEqual(sidecar.targetMu, 0.125)
        XCTAssertEqual(sidecar.sliderPosition, 0.25)
        XCTAssertEqual(sidecar.gendegVersion, GenDegVersion.string)
        XCTAssertEqual(sidecar.steps, 20)
        XCTAssertEqual(sidecar.sampler, "euler-a")
        XCTAssertEqual(sidecar.degraded.first?.generator, "physical")
        XCTAssertEqual(sidecar.degraded.first?.intensity, 0.4)
        XCTAssertGreaterThan(sidecar.degraded.first?.measuredMu ?? 0, 0.05)
        XCTAssertEqual(sidecar.restored.first?.restorer, "stretch-a")
        XCTAssertNil(sidecar.restored.first?.psnr, "identical images have no finite PSNR")
        let keys = try JSONSerialization.jsonObject(with: data) as! [String: Any]
        for key in ["source", "type", "sliderPosition", "targetMu", "targetSigma", "seed", "sampler", "steps",
                    "textGuidance", "imageGuidance", "degraded", "restored", "gendegVersion"] {
            XCTAssertNotNil(keys[key], "sidecar lacks \(key)")
        }
    }

    func testExportsNeverOverwriteAndLeaveNoTemporaryFiles() throws {
        let source = try TestImages.writeGradient()
        let folder = try TestImages.temporaryFolder()
        let exporter = SampleExporter(folder: folder)
        let first = try exporter.export(sample(sourcePath: source))
        let before = try Data(contentsOf: URL(fileURLWithPath: (first as NSString).appendingPathComponent("sample.json")))
        let second = try exporter.export(sample(sourcePath: source))
        let third = try exporter.export(sample(sourcePath: source))
        XCTAssertEqual((second as NSString).lastPathComponent, (first as NSString).lastPathComponent + "-2")
        XCTAssertEqual((third as NSString).lastPathComponent, (first as NSString).lastPathComponent + "-3")
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: (first as NSString).appendingPathComponent("sample.json"))), before)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasPrefix(".") }
        XCTAssertEqual(leftovers, [])
    }

    func testExportOfAMissingSourceFailsCleanly() throws {
        let folder = try TestImages.temporaryFolder()
        XCTAssertThrowsError(try SampleExporter(folder: folder).export(sample(sourcePath: "/nonexistent/photo.png"))) { error in
            XCTAssertTrue("\(error)".contains("/nonexistent/photo.png"))
        }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder), [], "a failed export leaves nothing behind")
    }
}
