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
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            // A usage mistake is an error the user caused like any other: status 1, as every
            // refusal here (ArgumentParser's own convention would be 64). Messages can quote file
            // content, so every other error is reported with its control characters escaped.
            // Help, --version and dump-help reach here as argument-parser's own (internal) error
            // type, which only it can print; they succeed.
            if exitCode(for: error) == .success { exit(withError: error) }
            guard exitCode(for: error) == .validationFailure else { exit(withError: TerminalSafeError.reporting(error)) }
            FileHandle.standardError.write(Data((TerminalText.escaped(fullMessage(for: error), keepingLineBreaks: true) + "\n").utf8))
            Foundation.exit(1)
        }
    }
}
