import ArgumentParser
import Foundation
import GenDegEngine

struct ModelsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "models",
        abstract: "Lists the bundled and registered models (diffusion models and learned restorers) with their paths.",
        discussion: """
            A diffusion model's path is what --model takes (generate, explore, synth); a restorer's \
            name is what restore --restorer takes.

            Example: gendeg models --registry my-restorers.toml
            """
    )

    @Option(help: "Registry of learned restorers (default: $GENDEG_RESTORERS or ~/.config/gendeg/restorers.toml).")
    var registry: String?

    func run() throws {
        let listings = try ModelCatalog.listings(registry: registry)
        let rows = [["NAME", "KIND", "SOURCE", "PATH"]] + listings.map { [$0.name, $0.kind.rawValue, $0.source.rawValue, $0.path] }
        let widths = (0..<3).map { column in rows.map { $0[column].count }.max() ?? 0 }
        for row in rows {
            print((0..<3).map { row[$0].padding(toLength: widths[$0] + 2, withPad: " ", startingAt: 0) }.joined() + row[3])
        }
        let user = registry ?? RestorerRegistryFile.defaultPath
        print("registry: \(user)\(FileManager.default.fileExists(atPath: user) ? "" : " (absent)")")
    }
}
