import ArgumentParser
import Foundation
import GenDegEngine
import GenDegExplorer

struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Benchmarks: physical degradations and restorers on a 512x512 photo, the SD1.5-size neural engine, the explorer's preview path.",
        discussion: """
            Speed is compared, never asserted: run training/bench/bench_torch.py on the same machine \
            in the same session for the PyTorch side of the neural numbers.

            Example: gendeg bench --suite physical --json
            """
    )

    enum Suite: String, CaseIterable, ExpressibleByArgument {
        case physical, restorers, synth, neural, learned, preview, all
    }

    @Option(help: "physical | restorers | synth | neural | learned | preview | all") var suite: Suite = .all
    @Option(help: "Photo to time on (default: the bundled astronaut, 512x512).") var image: String?
    @Option(help: "Repetitions per measurement (medians are reported).") var repetitions = 7
    @Flag(help: "Print one JSON object (neural: unet_step_s, vae_decode_s, peak_rss_mb; others: <name>_ms).") var json = false

    func run() throws {
        try ParameterLimits.check(repetitions, in: ParameterLimits.repetitions, "--repetitions")
        let path = image ?? SampleImages.bundledPaths().first { $0.hasSuffix("astronaut.png") }
        guard let path else { throw CLIError("no image given and the bundled samples are missing") }
        var rows: [(key: String, value: Double, unit: String)] = []
        let chosen: Set<Suite> = suite == .all ? [.physical, .restorers, .synth, .neural, .learned, .preview] : [suite]
        if !chosen.isDisjoint(with: [.physical, .restorers]) {
            let photo = try ImageIO.read(path).resized(width: 512, height: 512)
            if chosen.contains(.physical) {
                rows += DegradationBench.run(image: photo, repetitions: repetitions).map { ("\($0.name)_ms", $0.medianMilliseconds, "ms") }
            }
            if chosen.contains(.restorers) {
                rows += RestorerBench.run(image: photo, repetitions: max(1, repetitions / 2))
                    .map { ("\($0.name)_ms", $0.medianMilliseconds, "ms") }
            }
        }
        if chosen.contains(.synth) {
            log("synth: physical generator, the bundled photos at 512x512, all six types, GenDS intensities")
            let photos = try SampleImages.bundledPaths().map { try ImageIO.read($0) }
            for row in try SynthesisBench.physicalThroughput(photos: photos, workers: [1, 2]) {
                rows.append(("synth_\(row.workers)_workers_img_per_s", row.imagesPerSecond, "img/s"))
            }
        }
        if chosen.contains(.preview) {
            for (key, value) in try ExplorerApp.benchmarkPhysicalPreview(imagePath: path).sorted(by: { $0.key < $1.key }) {
                let unit = [("_ms", "ms"), ("_bytes", "bytes"), ("_px", "px")].first { key.hasSuffix($0.0) }?.1 ?? ""
                rows.append(("preview_\(key)", value, unit))
            }
        }
        if chosen.contains(.neural) {
            log("neural: UNet SD1.5 (8 channels), batch 3, 32x32 latent; OpenBLAS kernels: \(BLASRuntime.coreName)")
            rows.append(("unet_step_s", try NeuralBench.unetStep(config: .sd15(inChannels: 8), latentSize: 32, batch: 3), "s"))
            log("neural: VAE decoder at 256x256")
            rows.append(("vae_decode_s", try NeuralBench.vaeDecode(config: .sd15, imageSize: 256), "s"))
            rows.append(("peak_rss_mb", NeuralBench.peakRSSMegabytes(), "MiB"))
        }
        if chosen.contains(.learned) {
            log("learned: NAFNet-w32 (GoPro config) and Restormer at 256x256, random weights")
            rows.append(("nafnet_w32_256_s", LearnedBench.nafnetGoPro(size: 256), "s"))
            rows.append(("restormer_256_s", LearnedBench.restormer(size: 256), "s"))
        }
        if json {
            print("{" + rows.map { "\"\($0.key)\":\(String(format: "%.4f", $0.value))" }.joined(separator: ",") + "}")
        } else {
            print(Self.table(rows))
        }
    }

    /// One row per measurement: the full name (the JSON key without its unit suffix, which the
    /// unit column already says), the value, the unit; columns as wide as their longest entry.
    static func table(_ rows: [(key: String, value: Double, unit: String)]) -> String {
        let names = rows.map { row in
            let suffix = ["_img_per_s", "_ms", "_s", "_mb", "_bytes", "_px"].first { row.key.hasSuffix($0) && !row.unit.isEmpty }
            return suffix.map { String(row.key.dropLast($0.count)) } ?? row.key
        }
        let values = rows.map { String(format: "%.3f", $0.value) }
        let nameWidth = names.map(\.count).max() ?? 0
        let valueWidth = values.map(\.count).max() ?? 0
        return rows.indices.map { index in
            let value = String(repeating: " ", count: valueWidth - values[index].count) + values[index]
            let line = names[index].padding(toLength: nameWidth + 2, withPad: " ", startingAt: 0) + value
            return rows[index].unit.isEmpty ? line : line + " " + rows[index].unit
        }.joined(separator: "\n")
    }

    func log(_ message: String) {
        FileHandle.standardError.write(Data((message + "\n").utf8))
    }
}
