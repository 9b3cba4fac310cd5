import ArgumentParser
import Foundation
import GenDegEngine

struct MetricsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "metrics",
        abstract: "PSNR, SSIM (scikit-image's) and GenDeg's (mu, sigma) between a reference and a test image.",
        discussion: """
            For identical images PSNR is infinite: the text output says "inf (identical)" and --json \
            writes "psnr": null, since JSON has no Infinity (Python's json module would write the \
            non-standard Infinity, which strict parsers refuse).

            Example: gendeg metrics clean.png restored.png --json
            """
    )

    @Argument(help: "Reference (clean) image.") var reference: String
    @Argument(help: "Test (degraded or restored) image.") var test: String
    @Flag(help: "Print {\"psnr\":..,\"ssim\":..,\"mu\":..,\"sigma\":..}; psnr is null for identical images (infinite PSNR).")
    var json = false

    func run() throws {
        let a = try ImageIO.read(reference)
        let b = try ImageIO.read(test)
        guard a.width == b.width, a.height == b.height else {
            throw CLIError("images differ in size: \(reference) is \(a.width)x\(a.height), \(test) is \(b.width)x\(b.height)")
        }
        let psnr = ImageMetrics.psnr(a, b)
        let ssim = SSIM.ssim(a, b)
        let stats = DegradationStats.measure(clean: a, degraded: b)
        if json {
            printJSON([("psnr", psnr), ("ssim", ssim), ("mu", stats.mu), ("sigma", stats.sigma)])
        } else {
            print("PSNR    \(formatDecibels(psnr))   (Y: \(formatDecibels(ImageMetrics.psnrY(a, b))))")
            print(String(format: "SSIM    %.4f", ssim))
            print(String(format: "mu      %.4f\nsigma   %.4f", stats.mu, stats.sigma))
        }
    }
}
