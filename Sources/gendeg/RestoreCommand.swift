import ArgumentParser
import Foundation
import GenDegEngine

struct RestoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore",
        abstract: "Restores a degraded image with one of the restorers (`gendeg restorers` lists them)."
    )

    @Argument(help: "Degraded input image.") var input: String
    @Argument(help: "Output PNG.") var output: String
    @Option(help: "Restorer name (`gendeg restorers` lists them).") var restorer: String?
    @Option(help: "Run this checkpoint directly (NAFNet, Restormer, Zero-DCE/Zero-DCE++), architecture detected.")
    var checkpoint: String?
    @Option(help: "Registry of learned restorers (default: $GENDEG_RESTORERS or ~/.config/gendeg/restorers.toml).")
    var registry: String?
    @Option(help: "Known blur kernel JSON (from `gendeg degrade --kernel`), for deconvolution.") var kernel: String?
    @Option(help: "Clean reference image: also print PSNR and SSIM of the result against it.") var reference: String?
    @Flag(help: "Write a 16-bit PNG.") var sixteenBit = false

    func validate() throws {
        guard (restorer == nil) != (checkpoint == nil) else {
            throw ValidationError("give exactly one of --restorer NAME or --checkpoint PATH")
        }
        try requirePNGOutput(output)
    }

    func run() throws {
        let chosen = try checkpoint.map { try LearnedRestorers.load(checkpoint: $0, name: nil, targets: nil) }
            ?? RestorerCatalog.named(restorer ?? "", registry: registry)
        let degraded = try ImageIO.read(input)
        let clean = try reference.map { try ImageIO.read($0) }
        if let clean, let reference, clean.width != degraded.width || clean.height != degraded.height {
            throw CLIError("\(reference): reference is \(clean.width)x\(clean.height), input is \(degraded.width)x\(degraded.height)")
        }
        var context = RestoreContext()
        if let kernel {
            let data: Data
            do { data = try Data(contentsOf: URL(fileURLWithPath: kernel)) } catch {
                throw CLIError("\(kernel): cannot read kernel file")
            }
            do { context.knownKernel = try JSONDecoder().decode(BlurKernel.self, from: data) } catch {
                throw CLIError("\(kernel): not a blur kernel JSON (\(error))")
            }
        }
        let bar = StepBar(label: chosen.name)
        context.progress = { fraction in
            bar.update(step: Int(fraction * 100), total: 100)
            return true
        }
        let restored = try chosen.restore(degraded, context: context)
        bar.finish()
        try ImageIO.writePNG(restored, to: output, bitDepth: sixteenBit ? 16 : 8)
        if let clean, clean.width == restored.width, clean.height == restored.height {
            print(String(format: "%@  PSNR %@  SSIM %.4f", chosen.name, formatDecibels(ImageMetrics.psnr(clean, restored)),
                         SSIM.ssim(clean, restored)))
        }
    }
}

struct RestorersCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restorers",
        abstract: "Lists the restorers: classical, bundled learned models, and the user's registry.")

    @Option(help: "Registry of learned restorers (default: $GENDEG_RESTORERS or ~/.config/gendeg/restorers.toml).")
    var registry: String?

    func run() throws {
        print("NAME                    KIND       TARGETS                                     SUMMARY")
        for item in try RestorerCatalog.items(registry: registry) {
            let restorer = item.restorer
            let targets = DegradationType.allCases.filter { restorer.targets.contains($0) }.map(\.rawValue).joined(separator: ",")
            print(restorer.name.padding(toLength: 24, withPad: " ", startingAt: 0)
                  + item.kind.rawValue.padding(toLength: 11, withPad: " ", startingAt: 0)
                  + targets.padding(toLength: 44, withPad: " ", startingAt: 0) + restorer.summary)
        }
    }
}
