import ArgumentParser
import Foundation
import GenDegEngine

@main
struct GenDeg: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gendeg",
        abstract: "Controllable image-degradation synthesis and restoration (GenDeg, CVPR 2025).",
        discussion: """
            With no subcommand on a terminal, opens the explorer on the bundled sample photos. \
            `gendeg help SUBCOMMAND` explains each one.

            Example: gendeg explore ~/Pictures --graphics blocks
            """,
        version: GenDegVersion.string,
        subcommands: [
            ExploreCommand.self, DegradeCommand.self, RestoreCommand.self, RestorersCommand.self, MetricsCommand.self,
            GenerateCommand.self, InspectCommand.self, ModelsCommand.self, BenchCommand.self, SynthCommand.self, SynthMergeCommand.self,
        ],
        defaultSubcommand: ExploreCommand.self
    )

    static func main() {
        // OpenBLAS picks its kernels when it loads; on CPUs it does not recognise it falls
        // back to generic ones 3-5x slower, which only a restart with OPENBLAS_CORETYPE fixes.
        BLASRuntime.reexecWithFastKernelsIfNeeded()
        var command: ParsableCommand
        do { command = try parseAsRoot(nil) } catch { exit(withError: error) }
        do { try command.run() } catch { exit(withError: TerminalSafeError.reporting(error)) }
    }
}
