import Foundation
import GenDegEngine
import XCTest

/// Identical images have an infinite PSNR: --json writes null (JSON has no Infinity), and says so.
final class MetricsIdenticalImagesTests: XCTestCase {
    func testIdenticalImagesGiveNullPSNRAndTheHelpExplainsIt() throws {
        let folder = try CLI.temporaryFolder("metrics")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let image = "\(folder)/small.png"
        try ImageIO.writePNG(try ImageIO.read(CLI.sample("coffee.png")).resized(width: 64, height: 48), to: image)
        let result = try CLI.run(["metrics", image, image, "--json"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        XCTAssertTrue(json["psnr"] is NSNull, result.stdout)
        XCTAssertEqual(json["ssim"] as? Double, 1)
        XCTAssertTrue(try CLI.run(["metrics", image, image]).stdout.contains("inf (identical)"))

        let help = try CLI.run(["metrics", "--help"], environment: ["COLUMNS": "1000"]).stdout
        XCTAssertTrue(help.contains("\"psnr\": null"), help)
        XCTAssertTrue(help.contains("JSON has no Infinity"), help)
        XCTAssertTrue(help.contains("psnr is null for identical images"), help)
    }
}
