import Foundation
import GenDegEngine
import GenDegTestSupport
import XCTest

/// Drives the real binary in a detached tmux session (blocks renderer), as a user would.
final class TmuxEndToEndTests: XCTestCase {
    private var tmux: TmuxSession!

    override func setUpWithError() throws {
        tmux = try TmuxSession(label: "e2e")
    }

    override func tearDown() {
        tmux?.kill()
    }

    private func start(_ command: String) throws { try tmux.start(command) }

    private func screen() throws -> String { try tmux.screen() }

    private func send(_ keys: String...) throws { try tmux.send(keys) }

    private func launch(image: String, exports: String, done: String) throws {
        let binary = try TerminalHarness.gendegBinary()
        let q = TerminalHarness.shellQuote
        // The wrapper shell ignores SIGINT so that after Ctrl-C it lives to record the status.
        try start("trap '' INT; cd \(q(TerminalHarness.packageRoot)) && TERM=xterm-256color \(q(binary)) explore --graphics blocks "
                  + "--export-dir \(q(exports)) \(q(image)); echo $? > \(q(done + ".part")); mv \(q(done + ".part")) \(q(done)); sleep 30")
        try TerminalHarness.wait("the physical preview") {
            let text = try screen()
            return text.contains("measured mu") && text.contains("ready")
        }
    }

    func testChangeTypeAndIntensityExportAndQuit() throws {
        let folder = try TestImages.temporaryFolder()
        let image = try TestImages.writeGradient(name: "scene.png", width: 192, height: 128)
        let exports = folder + "/exports", done = folder + "/exit-status"
        try launch(image: image, exports: exports, done: done)
        var text = try screen()
        XCTAssertTrue(text.contains("scene.png 192x128"))
        XCTAssertTrue(text.contains("▀"), "the blocks renderer drew the images")
        XCTAssertTrue(text.contains("Intensity · haze"))

        try send("BTab", "Down")  // focus degradation, choose rain
        try TerminalHarness.wait("rain") { try screen().contains("Intensity · rain") }
        try send("Tab", "Right", "Right", "]")  // back to intensity: +0.005 +0.005 +0.05
        try TerminalHarness.wait("mu 0.160") { try screen().contains("mu 0.160") }
        try TerminalHarness.wait("the new preview") {
            let text = try screen()
            return text.contains("ready") && !text.contains("measured —")
        }
        try send("e")
        try TerminalHarness.wait("the export") { try screen().contains("exported to") }
        text = try screen()
        XCTAssertTrue(text.contains("Physical · rain"))
        try send("q")
        try TerminalHarness.wait("exit") { FileManager.default.fileExists(atPath: done) }
        XCTAssertEqual(try String(contentsOfFile: done, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines), "0")
        XCTAssertFalse(try screen().contains("Degradation"), "the terminal is back to the shell screen")

        let samples = try FileManager.default.contentsOfDirectory(atPath: exports)
        XCTAssertEqual(samples, ["scene_rain_mu0.160_seed7"])
        let sample = exports + "/" + samples[0]
        let files = Set(try FileManager.default.contentsOfDirectory(atPath: sample))
        XCTAssertTrue(files.isSuperset(of: ["clean.png", "degraded-physical.png", "sample.json"]), "\(files)")
        let sidecar = try JSONDecoder().decode(ExportSidecar.self, from: Data(contentsOf: URL(fileURLWithPath: sample + "/sample.json")))
        XCTAssertEqual(sidecar.type, .rain)
        XCTAssertEqual(sidecar.targetMu, 0.16, accuracy: 1e-9)
        XCTAssertEqual(sidecar.source.sha256, try SHA256.hex(fileAt: image))
        XCTAssertEqual(files.filter { $0.hasPrefix("restored-") }.count, sidecar.restored.count)
        for restored in sidecar.restored { XCTAssertTrue(files.contains(restored.file)) }
        let degraded = try ImageIO.read(sample + "/degraded-physical.png")
        XCTAssertEqual(DegradationStats.measure(clean: try ImageIO.read(sample + "/clean.png"), degraded: degraded).mu,
                       sidecar.degraded[0].measuredMu, accuracy: 0.01)
    }

    func testCtrlCRestoresTheTerminal() throws {
        let folder = try TestImages.temporaryFolder()
        let image = try TestImages.writeGradient(name: "scene.png")
        let done = folder + "/exit-status"
        try launch(image: image, exports: folder, done: done)
        try send("C-c")
        try TerminalHarness.wait("exit") { FileManager.default.fileExists(atPath: done) }
        XCTAssertEqual(try String(contentsOfFile: done, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines), "130")
        XCTAssertFalse(try screen().contains("Degradation"), "the alternate screen was left")
    }

    /// SIGTERM and a crash signal sent to the explorer: it must restore the terminal (cooked
    /// mode with echo, main screen) and then die of the signal, as the shell sees it.
    func testKillAndCrashSignalsRestoreTheTerminal() throws {
        let binary = try TerminalHarness.gendegBinary()
        let q = TerminalHarness.shellQuote
        for (signal, status) in [("TERM", "143"), ("SEGV", "139")] {
            let folder = try TestImages.temporaryFolder()
            let image = try TestImages.writeGradient(name: "scene.png")
            let pidFile = folder + "/pid", done = folder + "/exit-status", modes = folder + "/stty"
            tmux.kill()
            // `exec` gives gendeg the inner shell's pid, written first; afterwards the outer shell
            // records the exit status and the terminal modes gendeg left behind (renamed into
            // place, so the test never reads a half-written file).
            try start("cd \(q(TerminalHarness.packageRoot)) && TERM=xterm-256color sh -c "
                      + q("echo $$ > \(q(pidFile)); exec \(q(binary)) explore --graphics blocks --export-dir \(q(folder)) \(q(image))")
                      + "; echo $? > \(q(done)); stty -a > \(q(modes + ".part")); mv \(q(modes + ".part")) \(q(modes)); sleep 30")
            // A debug build on a loaded machine can take minutes to load the bundled models and run
            // the restorer panes; the deadline only stops a hang.
            try TerminalHarness.wait("the physical preview", timeout: 420) {
                let text = try screen()
                return text.contains("measured mu") && text.contains("ready")
            }
            let pid = try String(contentsOfFile: pidFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
            try TerminalHarness.run("/bin/kill", ["-\(signal)", pid])
            try TerminalHarness.wait("exit after SIG\(signal)") { FileManager.default.fileExists(atPath: modes) }
            XCTAssertEqual(try String(contentsOfFile: done, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines), status,
                           "SIG\(signal) should end the process by that signal")
            let stty = try String(contentsOfFile: modes, encoding: .utf8)
            let flags = Set(stty.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == ";" }).map(String.init))
            XCTAssertTrue(flags.contains("echo") && flags.contains("icanon"), "SIG\(signal) left the tty raw: \(stty)")
            XCTAssertFalse(try screen().contains("Degradation"), "SIG\(signal) left the alternate screen")
        }
    }

    /// `gendeg` with no arguments opens the explorer on the bundled photos; `gendeg explore
    /// FOLDER` lists the folder's PNG and JPEG files (and nothing else).
    func testBareCommandOpensTheSamplesAndAFolderListsItsImages() throws {
        let binary = try TerminalHarness.gendegBinary()
        let q = TerminalHarness.shellQuote
        let folder = try TestImages.temporaryFolder()
        try start("cd \(q(folder)) && TERM=xterm-256color \(q(binary)); sleep 30")
        try TerminalHarness.wait("the bundled photos") {
            let text = try screen()
            return ["astronaut.png", "chelsea.png", "coffee.png", "rocket.jpg"].allSatisfy(text.contains)
        }
        try send("q")
        tmux.kill()

        let photos = folder + "/photos"
        try FileManager.default.createDirectory(atPath: photos, withIntermediateDirectories: true)
        try ImageIO.writePNG(TestImages.gradient(width: 40, height: 30), to: photos + "/street.png")
        try FileManager.default.copyItem(atPath: TerminalHarness.packageRoot + "/Sources/Engine/Resources/samples/rocket.jpg",
                                         toPath: photos + "/launch.jpg")
        try "not an image".write(toFile: photos + "/notes.txt", atomically: true, encoding: .utf8)
        try start("TERM=xterm-256color \(q(binary)) explore --graphics blocks --export-dir \(q(folder + "/exports")) \(q(photos)); sleep 30")
        try TerminalHarness.wait("the folder's images") {
            let text = try screen()
            return text.contains("street.png") && text.contains("launch.jpg") && text.contains("measured mu")
        }
        XCTAssertFalse(try screen().contains("notes.txt"))
        XCTAssertFalse(try screen().contains("astronaut.png"), "given a folder, the samples are not added")
        try send("q")
    }

    func testTooSmallTerminalExplainsItself() throws {
        let folder = try TestImages.temporaryFolder()
        let image = try TestImages.writeGradient(name: "scene.png")
        let binary = try TerminalHarness.gendegBinary()
        let q = TerminalHarness.shellQuote
        try tmux.start("TERM=xterm-256color \(q(binary)) explore --graphics blocks --export-dir \(q(folder)) \(q(image)); sleep 30",
                       cols: 60, rows: 20)
        try TerminalHarness.wait("the size message") { try screen().contains("Terminal too small (60x20)") }
        try send("q")
    }
}
