import ArgumentParser
import Foundation
import GenDegEngine

struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Times degradations and restorers on a 512x512 photo (median of several runs)."
    )

    @Option(help: "Photo to time on (default: the bundled astronaut, 512x512).") var image: String?
    @Option(help: "Repetitions per measurement.") var repetitions = 7
    @Flag(help: "Print JSON.") var json = false

    func run() throws {
        let path = image ?? SampleImages.bundledPaths().first { $0.hasSuffix("astronaut.png") }
        guard let path else { throw CLIError("no image given and the bundled samples are missing") }
        let photo = try ImageIO.read(path).resized(width: 512, height: 512)
        let rows = DegradationBench.run(image: photo, repetitions: repetitions)
            + RestorerBench.run(image: photo, repetitions: max(1, repetitions / 2))
        if json {
            print("{" + rows.map { "\"\($0.name)_ms\":\(String(format: "%.3f", $0.medianMilliseconds))" }.joined(separator: ",") + "}")
        } else {
            for row in rows {
                print(row.name.padding(toLength: 28, withPad: " ", startingAt: 0) + String(format: "%9.2f ms", row.medianMilliseconds))
            }
        }
    }
}
