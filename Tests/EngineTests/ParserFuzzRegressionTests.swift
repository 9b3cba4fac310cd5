import Foundation
import XCTest
@testable import GenDegEngine

/// Replays the seeds of the registry TOML, kernel JSON and pickle fuzzers (issue 11's hostile
/// inputs, made by Fuzz/make-hostile-seeds.py, plus what fuzzing added): each input is parsed
/// or refused with the parser's typed error, never a trap; hostile-* inputs must be refused and
/// valid-* accepted.
final class ParserFuzzRegressionTests: XCTestCase {
    func inputs(_ folder: String, _ extension: String) throws -> [URL] {
        let url = try XCTUnwrap(Bundle.module.url(forResource: "Fixtures/\(folder)", withExtension: nil))
        let files = try FileManager.default.contentsOfDirectory(at: url, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == `extension` }
        XCTAssertGreaterThanOrEqual(files.count, 8, folder)
        return files
    }

    func expect(_ url: URL, accepted: Bool) {
        let name = url.lastPathComponent
        if name.hasPrefix("hostile-") { XCTAssertFalse(accepted, "\(name) was accepted") }
        if name.hasPrefix("valid-") { XCTAssertTrue(accepted, "\(name) was refused") }
    }

    func testRegistryCorpus() throws {
        for url in try inputs("fuzz-registry", "toml") {
            let text = String(decoding: try Data(contentsOf: url), as: UTF8.self)
            do {
                _ = try RestorerRegistryFile.parse(text, file: url.lastPathComponent, baseFolder: "/corpus")
                expect(url, accepted: true)
            } catch let error as LearnedRestorerError {
                guard case let .registry(file, _, reason) = error else { return XCTFail("\(url.lastPathComponent): \(error)") }
                XCTAssertEqual(file, url.lastPathComponent)
                XCTAssertFalse(reason.isEmpty)
                expect(url, accepted: false)
            }
        }
    }

    func testKernelCorpus() throws {
        let image = RGBImage(width: 12, height: 9, fill: 0.5)
        for url in try inputs("fuzz-kernels", "json") {
            do {
                let kernel = try BlurKernelFile.parse(Data(contentsOf: url), file: url.lastPathComponent)
                XCTAssertEqual(Double(kernel.weights.reduce(0, +)), 1, accuracy: 1e-4, url.lastPathComponent)
                try BlurKernelFile.check(kernel, fitsWidth: image.width, height: image.height, file: nil)
                let restored = try WienerDeblur().restore(image, context: RestoreContext(knownKernel: kernel))
                XCTAssertTrue(restored.pixels.allSatisfy { $0.isFinite }, url.lastPathComponent)
                expect(url, accepted: true)
            } catch let error as BlurKernelError {
                XCTAssertEqual(error.file, url.lastPathComponent)
                expect(url, accepted: false)
            }
        }
    }

    func testPickleGraphCorpus() throws {
        for url in try inputs("fuzz-pickle-graph", "pkl") {
            let data = try Data(contentsOf: url)
            do {
                let graph = try data.withUnsafeBytes { try SafePickle.load(bytes: $0, from: 0, allowanceFloor: 4096).graph }
                _ = graph.render(graph.root)
                expect(url, accepted: true)
            } catch is CheckpointError {
                expect(url, accepted: false)
            }
        }
    }
}
