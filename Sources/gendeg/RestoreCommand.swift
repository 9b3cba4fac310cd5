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
    @Option(help: "Restorer name.") var restorer: String
    @Option(help: "Known blur kernel JSON (from `gendeg degrade --kernel`), for deconvolution.") var kernel: String?
    @Option(help: "Clean reference image: also print PSNR and SSIM of the result against it.") var reference: String?
    @Flag(help: "Write a 16-bit PNG.") var sixteenBit = false

    func run() throws {
        let chosen = try ClassicalRestorers.named(restorer)
        let degraded = try ImageIO.read(input)
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
        let restored = try chosen.restore(degraded, context: context)
        try ImageIO.writePNG(restored, to: output, bitDepth: sixteenBit ? 16 : 8)
        if let reference {
            let clean = try ImageIO.read(reference)
            guard clean.width == restored.width, clean.height == restored.height else {
                throw CLIError("\(reference): reference is \(clean.width)x\(clean.height), result is \(restored.width)x\(restored.height)")
            }
            print(String(format: "%@  PSNR %@  SSIM %.4f", chosen.name, formatDecibels(ImageMetrics.psnr(clean, restored)),
                         SSIM.ssim(clean, restored)))
        }
    }
}

struct RestorersCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "restorers", abstract: "Lists the available restorers.")

    func run() throws {
        print("NAME              KIND       TARGETS                      SUMMARY")
        for restorer in ClassicalRestorers.all {
            let targets = DegradationType.allCases.filter { restorer.targets.contains($0) }.map(\.rawValue).joined(separator: ",")
            print(restorer.name.padding(toLength: 18, withPad: " ", startingAt: 0)
                  + "classical  " + targets.padding(toLength: 29, withPad: " ", startingAt: 0) + restorer.summary)
        }
    }
}
