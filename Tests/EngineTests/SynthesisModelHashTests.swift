import Foundation
import GenDegEngine
import XCTest

/// `gendeg synth --generator diffusion --model FOLDER`: the manifest carries the model folder's hash.
final class SynthesisModelHashTests: XCTestCase {
    /// Darkens the image; stands in for a diffusion model stored as a folder.
    struct FolderModelGenerator: DegradationGenerator {
        let modelFile: String?
        var name: String { "folder-model" }
        func generate(_ request: GenerationRequest, onStep: (GenerationStep) -> Bool) throws -> GeneratedImage {
            GeneratedImage(image: request.clean.mapped { $0 * 0.8 })
        }
    }

    private func temporaryFolder() throws -> String {
        let path = (NSTemporaryDirectory() as NSString).appendingPathComponent("gendeg-synth-hash-\(UUID().uuidString)")
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    func testManifestRecordsTheHashOfAModelFolder() throws {
        let model = try temporaryFolder()
        try FileManager.default.createDirectory(atPath: model + "/unet", withIntermediateDirectories: true)
        try Data("unet".utf8).write(to: URL(fileURLWithPath: model + "/unet/model.safetensors"))
        try Data("{}".utf8).write(to: URL(fileURLWithPath: model + "/gendeg.json"))
        let images = try temporaryFolder()
        var clean = RGBImage(width: 16, height: 16)
        for i in clean.pixels.indices { clean.pixels[i] = Float(i % 13) / 12 }
        try ImageIO.writePNG(clean, to: images + "/a.png")

        let plan = try SynthesisPlan(imagePaths: [images + "/a.png"], types: [.haze], perImage: 1, seed: 3,
                                     intensity: .fixed(mu: 0.1, sigma: nil), catalog: try IntensityStatsCatalog.bundled())
        let runner = SynthesisRunner(plan: plan, shard: .whole, outputFolder: try temporaryFolder(),
                                     generator: FolderModelGenerator(modelFile: model), workers: 1)
        let records = try runner.run()
        XCTAssertEqual(records.count, 1)
        XCTAssertEqual(records[0].modelSHA256, try ModelHash.sha256(ofModelAt: model))
        XCTAssertEqual(records[0].generator, "folder-model")
    }
}
