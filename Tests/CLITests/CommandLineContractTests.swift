import Foundation
import GenDegEngine
import XCTest

/// The exact command-line forms scripts rely on, and their errors.
final class CommandLineContractTests: XCTestCase {
    var folder = ""

    override func setUpWithError() throws {
        folder = try CLI.temporaryFolder("cli")
    }

    override func tearDown() {
        try? FileManager.default.removeItem(atPath: folder)
    }

    func parseMeasured(_ text: String) -> (mu: Double, sigma: Double)? {
        let words = text.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init)
        guard let m = words.firstIndex(of: "mu"), let s = words.firstIndex(of: "sigma"),
              let mu = Double(words[m + 1]), let sigma = Double(words[s + 1]) else { return nil }
        return (mu, sigma)
    }

    func testDegradeEveryTypeByIntensityAndMetricsAgree() throws {
        let input = CLI.sample("chelsea.png")
        for type in ["haze", "rain", "snow", "motion-blur", "low-light", "raindrop"] {
            let output = "\(folder)/\(type).png"
            let result = try CLI.run(["degrade", input, output, "--type", type, "--intensity", "0.5", "--seed", "3"])
            XCTAssertEqual(result.status, 0, "\(type): \(result.stderr)")
            let printed = try XCTUnwrap(parseMeasured(result.stdout), "\(type) printed: \(result.stdout)")
            XCTAssertGreaterThan(printed.mu, 0.005, type)
            let metrics = try CLI.run(["metrics", input, output, "--json"])
            XCTAssertEqual(metrics.status, 0, metrics.stderr)
            let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(metrics.stdout.utf8)) as? [String: Double])
            XCTAssertEqual(Set(json.keys), ["psnr", "ssim", "mu", "sigma"])
            XCTAssertEqual(json["mu"]!, printed.mu, accuracy: 1e-4, type)
            XCTAssertEqual(json["sigma"]!, printed.sigma, accuracy: 1e-4, type)
            XCTAssertLessThan(json["ssim"]!, 1)
        }
    }

    func testDegradeByTargetMu() throws {
        let output = "\(folder)/haze.png"
        let result = try CLI.run(["degrade", CLI.sample("coffee.png"), output, "--type", "haze", "--mu", "0.1", "--seed", "1"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let printed = try XCTUnwrap(parseMeasured(result.stdout))
        XCTAssertEqual(printed.mu, 0.1, accuracy: 0.005)
        let metrics = try CLI.run(["metrics", CLI.sample("coffee.png"), output, "--json"])
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(metrics.stdout.utf8)) as? [String: Double])
        XCTAssertEqual(json["mu"]!, 0.1, accuracy: 0.005)
    }

    /// `--depth`: a gray PNG, black = near (left half, left clear), white = far (right half).
    func testHazeWithAKnownDepthMap() throws {
        let input = CLI.sample("coffee.png")
        let clean = try ImageIO.read(input)
        let (w, h) = (clean.width / 4, clean.height / 4) // resized to the image by gendeg
        let depthPlane = (0..<(w * h)).map { Float($0 % w < w / 2 ? 0 : 1) }
        try ImageIO.writePNG(RGBImage(width: w, height: h, pixels: depthPlane + depthPlane + depthPlane),
                             to: "\(folder)/depth.png", bitDepth: 8)
        let output = "\(folder)/hazy.png"
        let result = try CLI.run(["degrade", input, output, "--type", "haze", "--intensity", "1", "--depth", "\(folder)/depth.png"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let hazy = try ImageIO.read(output)
        var leftChange: Float = 0, rightChange: Float = 0
        for y in 0..<clean.height {
            for x in 0..<clean.width {
                let change = abs(hazy[1, y, x] - clean[1, y, x])
                if x < clean.width / 2 - 8 { leftChange = max(leftChange, change) }
                if x > clean.width / 2 + 8 { rightChange += change / Float(clean.height * (clean.width / 2 - 9)) }
            }
        }
        XCTAssertLessThanOrEqual(leftChange, 1 / 255 + 1e-6, "depth 0 must stay clear")
        XCTAssertGreaterThan(rightChange, 0.1, "depth 1 at full intensity must be hazy")

        let targeted = try CLI.run(["degrade", input, output, "--type", "haze", "--mu", "0.08", "--depth", "\(folder)/depth.png"])
        XCTAssertEqual(targeted.status, 0, targeted.stderr)
        XCTAssertEqual(try XCTUnwrap(parseMeasured(targeted.stdout)).mu, 0.08, accuracy: 0.005)
        try assertFails(["degrade", input, output, "--type", "rain", "--intensity", "0.3", "--depth", "\(folder)/depth.png"],
                        mentions: "haze only")
        try assertFails(["degrade", input, output, "--type", "haze", "--intensity", "0.3", "--depth", "\(folder)/none.png"],
                        mentions: "none.png")
    }

    func testSameSeedSameBytesDifferentSeedDifferentBytes() throws {
        let input = CLI.sample("rocket.jpg")
        for (name, seed) in [("a", "5"), ("b", "5"), ("c", "6")] {
            let result = try CLI.run(["degrade", input, "\(folder)/\(name).png", "--type", "rain", "--intensity", "0.6", "--seed", seed])
            XCTAssertEqual(result.status, 0, result.stderr)
        }
        let a = FileManager.default.contents(atPath: "\(folder)/a.png"), b = FileManager.default.contents(atPath: "\(folder)/b.png")
        let c = FileManager.default.contents(atPath: "\(folder)/c.png")
        XCTAssertEqual(a, b)
        XCTAssertNotEqual(a, c)
    }

    func testUnreachableTargetIsAClearError() throws {
        let result = try CLI.run(["degrade", CLI.sample("chelsea.png"), "\(folder)/x.png", "--type", "motion-blur", "--mu", "0.69"])
        XCTAssertNotEqual(result.status, 0)
        XCTAssertTrue(result.stderr.contains("reach"), result.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: "\(folder)/x.png"))
    }

    func testRestorersListAndRestore() throws {
        let list = try CLI.run(["restorers"])
        XCTAssertEqual(list.status, 0)
        for name in ["dcp", "lime", "richardson-lucy", "wiener", "derain"] {
            XCTAssertTrue(list.stdout.contains(name), "restorers should list \(name): \(list.stdout)")
        }
        let hazy = "\(folder)/hazy.png", restored = "\(folder)/restored.png"
        XCTAssertEqual(try CLI.run(["degrade", CLI.sample("rocket.jpg"), hazy, "--type", "haze", "--intensity", "0.6"]).status, 0)
        let result = try CLI.run(["restore", hazy, restored, "--restorer", "dcp"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let before = try CLI.run(["metrics", CLI.sample("rocket.jpg"), hazy, "--json"])
        let after = try CLI.run(["metrics", CLI.sample("rocket.jpg"), restored, "--json"])
        let psnrBefore = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(before.stdout.utf8)) as? [String: Double])["psnr"]!
        let psnrAfter = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(after.stdout.utf8)) as? [String: Double])["psnr"]!
        XCTAssertGreaterThan(psnrAfter, psnrBefore, "DCP should undo some haze")
    }

    func testMotionBlurKernelRoundTripsIntoDeconvolution() throws {
        let blurred = "\(folder)/blur.png", kernel = "\(folder)/kernel.json", restored = "\(folder)/sharp.png"
        let degrade = try CLI.run(["degrade", CLI.sample("chelsea.png"), blurred, "--type", "motion-blur", "--intensity", "0.5",
                                   "--kernel", kernel])
        XCTAssertEqual(degrade.status, 0, degrade.stderr)
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: kernel))) as? [String: Any])
        let weights = try XCTUnwrap(json["weights"] as? [Double])
        XCTAssertEqual(weights.reduce(0, +), 1, accuracy: 1e-3)
        let restore = try CLI.run(["restore", blurred, restored, "--restorer", "wiener", "--kernel", kernel,
                                   "--reference", CLI.sample("chelsea.png")])
        XCTAssertEqual(restore.status, 0, restore.stderr)
        XCTAssertTrue(restore.stdout.contains("PSNR"))
    }

    func assertFails(_ arguments: [String], mentions fragment: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let result = try CLI.run(arguments)
        XCTAssertNotEqual(result.status, 0, "should fail: \(arguments)", file: file, line: line)
        XCTAssertTrue(result.stderr.lowercased().contains(fragment.lowercased()), "stderr: \(result.stderr)", file: file, line: line)
        XCTAssertTrue(result.stdout.isEmpty, "errors belong on stderr: \(result.stdout)", file: file, line: line)
    }

    func testErrorsGoToStderrWithNonZeroStatus() throws {
        let corrupt = "\(folder)/corrupt.png"
        try Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3]).write(to: URL(fileURLWithPath: corrupt))
        try assertFails(["degrade", corrupt, "\(folder)/o.png", "--type", "haze", "--intensity", "0.3"], mentions: corrupt)
        try assertFails(["degrade", "/no/such.png", "\(folder)/o.png", "--type", "haze", "--intensity", "0.3"], mentions: "no such file")
        try assertFails(["degrade", CLI.sample("coffee.png"), "\(folder)/o.png", "--type", "fog-of-war", "--intensity", "0.3"],
                        mentions: "type")
        try assertFails(["degrade", CLI.sample("coffee.png"), "\(folder)/o.png", "--type", "haze"], mentions: "--intensity")
        try assertFails(["degrade", CLI.sample("coffee.png"), "\(folder)/o.png", "--type", "haze", "--intensity", "2"],
                        mentions: "[0, 1]")
        try assertFails(["restore", CLI.sample("coffee.png"), "\(folder)/o.png", "--restorer", "nope"], mentions: "dcp")
        try assertFails(["metrics", CLI.sample("coffee.png"), CLI.sample("chelsea.png")], mentions: "size")
        try assertFails(["degrade", CLI.sample("coffee.png"), "/no/folder/o.png", "--type", "haze", "--intensity", "0.3"],
                        mentions: "/no/folder/o.png")
        XCTAssertFalse(FileManager.default.fileExists(atPath: "\(folder)/o.png"))
    }
}
