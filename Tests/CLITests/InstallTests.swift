import Foundation
import XCTest

/// `make install` for packagers: the binary with its bundled models, themes, a man page made from
/// the help, and bash, zsh and fish completions, under DESTDIR/PREFIX. The install-built target
/// installs the binary these tests run (make install builds it in release mode first).
final class InstallTests: XCTestCase {
    var folder = ""

    override func setUpWithError() throws { folder = try CLI.temporaryFolder("install") }
    override func tearDown() { try? FileManager.default.removeItem(atPath: folder) }

    func make(_ arguments: [String]) throws -> CLI.Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["make", "-C", CLI.packageRoot()] + arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return CLI.Result(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                          stderr: String(decoding: errData, as: UTF8.self))
    }

    func contents(_ path: String) throws -> String { try String(contentsOfFile: path, encoding: .utf8) }

    func testInstallPutsEveryFileInPlaceAndTheInstalledBinaryFindsItsModels() throws {
        let destdir = "\(folder)/stage"
        let result = try make(["install-built", "BINARY=\(try CLI.binary())", "PREFIX=/opt/gd", "DESTDIR=\(destdir)"])
        XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
        let root = "\(destdir)/opt/gd"
        let files = ["bin/gendeg", "lib/gendeg/gendeg", "share/man/man1/gendeg.1", "share/bash-completion/completions/gendeg",
                     "share/zsh/site-functions/_gendeg", "share/fish/vendor_completions.d/gendeg.fish",
                     "share/gendeg/themes/dark.toml", "share/gendeg/themes/light.toml", "share/gendeg/themes/high-contrast.toml"]
        for file in files { XCTAssertTrue(FileManager.default.fileExists(atPath: "\(root)/\(file)"), file) }
        XCTAssertEqual(try FileManager.default.destinationOfSymbolicLink(atPath: "\(root)/bin/gendeg"), "../lib/gendeg/gendeg",
                       "a relative link, valid once DESTDIR is gone")
        XCTAssertTrue(FileManager.default.isExecutableFile(atPath: "\(root)/lib/gendeg/gendeg"))
        let bundles = try FileManager.default.contentsOfDirectory(atPath: "\(root)/lib/gendeg").filter { $0.hasSuffix(".resources") }
        XCTAssertEqual(bundles, ["gendeg_GenDegEngine.resources"], "the engine's resources, no test bundles")

        // The installed binary, run through its link, uses the models installed beside it.
        let models = try CLI.runExecutable("\(root)/bin/gendeg", ["models"])
        XCTAssertEqual(models.status, 0, models.stderr)
        XCTAssertTrue(models.stdout.contains("\(root)/lib/gendeg/gendeg_GenDegEngine.resources/models/gendeg-small"), models.stdout)

        // Completions are swift-argument-parser's, for this command tree.
        XCTAssertTrue(try contents("\(root)/share/bash-completion/completions/gendeg").contains("complete -o filenames -F"))
        XCTAssertTrue(try contents("\(root)/share/zsh/site-functions/_gendeg").hasPrefix("#compdef gendeg"))
        let fish = try contents("\(root)/share/fish/vendor_completions.d/gendeg.fish")
        for command in ["degrade", "synth-merge", "models"] { XCTAssertTrue(fish.contains(command), "fish misses \(command)") }

        // The man page: every subcommand, its options and its example, and valid roff.
        let page = try contents("\(root)/share/man/man1/gendeg.1")
        XCTAssertTrue(page.hasPrefix(".TH \"GENDEG\" \"1\""), String(page.prefix(80)))
        for command in ["explore", "degrade", "restore", "restorers", "metrics", "generate", "inspect", "models", "bench", "synth",
                        "synth\\-merge"] {
            XCTAssertTrue(page.contains(".SS gendeg \(command)\n"), "man page misses \(command)")
        }
        XCTAssertTrue(page.contains("gendeg degrade photo.png hazy.png \\-\\-type haze \\-\\-mu 0.1"), "examples reach the page")
        XCTAssertTrue(page.contains("\\fB\\-\\-per\\-image\\fR"), "options reach the page")
        if FileManager.default.isExecutableFile(atPath: "/usr/bin/groff") {
            let check = try CLI.runExecutable("/usr/bin/groff", ["-man", "-ww", "-z", "\(root)/share/man/man1/gendeg.1"])
            XCTAssertEqual(check.status, 0, check.stderr)
            XCTAssertEqual(check.stderr, "", "groff warns about the page")
        }

        let removed = try make(["uninstall", "PREFIX=/opt/gd", "DESTDIR=\(destdir)"])
        XCTAssertEqual(removed.status, 0, removed.stderr)
        for file in files { XCTAssertFalse(FileManager.default.fileExists(atPath: "\(root)/\(file)"), "left after uninstall: \(file)") }
    }

    func testAMissingBinaryOrARelativePrefixIsRefusedAndInstallsNothing() throws {
        let destdir = "\(folder)/stage"
        let missing = try make(["install-built", "BINARY=\(folder)/nothing", "DESTDIR=\(destdir)"])
        XCTAssertNotEqual(missing.status, 0)
        XCTAssertTrue(missing.stderr.contains("\(folder)/nothing is not an executable"), missing.stderr)
        let relative = try make(["install-built", "BINARY=\(try CLI.binary())", "PREFIX=usr", "DESTDIR=\(destdir)"])
        XCTAssertNotEqual(relative.status, 0)
        XCTAssertTrue(relative.stderr.contains("PREFIX must be an absolute path"), relative.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: destdir))
    }
}
