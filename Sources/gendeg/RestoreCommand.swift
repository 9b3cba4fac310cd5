import ArgumentParser
import Foundation
import GenDegEngine

struct RestoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore",
        abstract: "Restores a degraded image with one of the restorers (`gendeg restorers` lists them).",
        discussion: """
            Classical restorers need no weights; learned ones run in tiles when an image needs more \
            than --memory-limit. With --reference CLEAN, PSNR and SSIM against it are printed.

            Example: gendeg restore hazy.png clear.png --restorer dcp
            """
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
    @OptionGroup(title: "Learned restorers") var learned: LearnedOptionFlags

    func validate() throws {
        guard (restorer == nil) != (checkpoint == nil) else {
            throw ValidationError("give exactly one of --restorer NAME or --checkpoint PATH")
        }
        try requirePNGOutput(output)
        try OutputPaths.requireDistinct(outputs: [("OUTPUT", output)], inputs: [
            ("INPUT", input), ("--reference", reference), ("--kernel", kernel), ("--checkpoint", checkpoint), ("--registry", registry),
        ])
    }

    func run() throws {
        let knownKernel = try kernel.map(BlurKernelFile.read)
        let overrides = learned.overrides
        let chosen = try checkpoint.map {
            try LearnedRestorers.load(checkpoint: $0, name: nil, targets: nil, options: overrides.applied(to: LearnedOptions()))
        } ?? LearnedRestorers.applying(overrides, to: RestorerCatalog.named(restorer ?? "", registry: registry), requireLearned: true)
        let degraded = try ImageIO.read(input)
        let clean = try reference.map { try ImageIO.read($0) }
        if let clean, let reference, clean.width != degraded.width || clean.height != degraded.height {
            throw CLIError("\(reference): reference is \(clean.width)x\(clean.height), input is \(degraded.width)x\(degraded.height)")
        }
        if let knownKernel, let kernel {
            try BlurKernelFile.check(knownKernel, fitsWidth: degraded.width, height: degraded.height, file: kernel)
        }
        var context = RestoreContext()
        context.knownKernel = knownKernel
        let bar = StepBar(label: chosen.name)
        context.progress = { fraction in
            bar.update(percent: fraction)
            return true
        }
        context.tileProgress = { done, total in
            bar.update(step: done, total: total, unit: "tile")
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
        abstract: "Lists the restorers: classical, bundled learned models, and the user's registry.",
        discussion: """
            Each row: name, kind (classical, bundled, user), the degradations it targets, a summary.

            Example: gendeg restorers --registry my-restorers.toml
            """)

    @Option(help: "Registry of learned restorers (default: $GENDEG_RESTORERS or ~/.config/gendeg/restorers.toml).")
    var registry: String?

    func run() throws {
        let rows = try RestorerCatalog.items(registry: registry).map { item -> [String] in
            let restorer = item.restorer
            let targets = DegradationType.allCases.filter { restorer.targets.contains($0) }.map(\.rawValue).joined(separator: ",")
            return [TerminalText.escaped(restorer.name), item.kind.rawValue, targets.isEmpty ? "-" : targets,
                    TerminalText.escaped(restorer.summary)]
        }
        let header = ["NAME", "KIND", "TARGETS", "SUMMARY"]
        let widths = (0..<3).map { column in ([header] + rows).map { $0[column].count }.max()! }
        for row in [header] + rows {
            print((0..<3).map { row[$0].padding(toLength: widths[$0] + 2, withPad: " ", startingAt: 0) }.joined() + row[3])
        }
    }
}
