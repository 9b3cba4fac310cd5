import Foundation
import XCTest
@testable import GenDegEngine

/// Replays the minimized corpus of the image-reader fuzzer (Fuzz/README.md): every input must
/// decode to a valid image or fail with an ImageIOError, never trap.
final class ImageFuzzRegressionTests: XCTestCase {
    func testFuzzCorpusDecodesOrFailsCleanly() throws {
        let folder = try XCTUnwrap(Bundle.module.url(forResource: "Fixtures/fuzz-images", withExtension: nil))
        let inputs = try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "bin" }
        XCTAssertGreaterThanOrEqual(inputs.count, 20)
        var decoded = 0
        for url in inputs {
            do {
                let image = try ImageIO.decode(Data(contentsOf: url), maxMegapixels: 4)
                XCTAssertEqual(image.pixels.count, 3 * image.width * image.height, url.lastPathComponent)
                XCTAssertTrue(image.pixels.allSatisfy { $0 >= 0 && $0 <= 1 }, url.lastPathComponent)
                decoded += 1
            } catch let error as ImageIOError {
                XCTAssertFalse(error.reason.isEmpty, url.lastPathComponent)
            }
        }
        XCTAssertGreaterThan(decoded, 0, "the corpus holds valid images too")
    }
}
