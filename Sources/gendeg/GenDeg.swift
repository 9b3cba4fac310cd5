import ArgumentParser
import Foundation
import GenDegEngine

@main
struct GenDeg: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gendeg",
        abstract: "Controllable image-degradation synthesis and restoration (GenDeg, CVPR 2025).",
        version: GenDegVersion.string,
        subcommands: [ExploreCommand.self],
        defaultSubcommand: ExploreCommand.self
    )
}
