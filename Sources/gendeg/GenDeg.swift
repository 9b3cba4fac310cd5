import ArgumentParser
import Foundation
import GenDegEngine

@main
struct GenDeg: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gendeg",
        abstract: "Controllable image-degradation synthesis and restoration (GenDeg, CVPR 2025).",
        discussion: "With no subcommand on a terminal, opens the explorer on the bundled sample photos.",
        version: GenDegVersion.string,
        subcommands: [
            ExploreCommand.self, DegradeCommand.self, RestoreCommand.self, RestorersCommand.self, MetricsCommand.self,
            GenerateCommand.self, InspectCommand.self, BenchCommand.self, SynthCommand.self, SynthMergeCommand.self,
        ],
        defaultSubcommand: ExploreCommand.self
    )
}
