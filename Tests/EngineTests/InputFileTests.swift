import Foundation
@testable import GenDegEngine
import XCTest

/// Paths opened only when they are regular files (or folders where allowed), outputs checked
/// against inputs, atomic writes of several files, and the cleanup of killed runs' temporaries.
final class InputFileTests: XCTestCase {
    var folder = ""

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("gendeg-input-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    }

    override func tearDown() {
        try? FileManager.default.removeItem(atPath: folder)
    }

    func testFIFOsDevicesAndFoldersAreRefusedBeforeReading() throws {
        let fifo = "\(folder)/pipe"
        XCTAssertEqual(mkfifo(fifo, 0o644), 0)
        // Would block forever in open(2) without O_NONBLOCK and the fstat check.
        XCTAssertThrowsError(try InputFile.read(fifo)) { XCTAssertEqual("\($0)", "\(fifo): is a FIFO (named pipe), not a regular file") }
        XCTAssertThrowsError(try InputFile.check(fifo, allowFolder: true))
        XCTAssertThrowsError(try InputFile.read("/dev/zero")) { XCTAssertTrue("\($0)".contains("character device"), "\($0)") }
        XCTAssertThrowsError(try InputFile.read(folder)) { XCTAssertTrue("\($0)".contains("a folder"), "\($0)") }
        XCTAssertThrowsError(try InputFile.check(folder))
        XCTAssertTrue(try InputFile.check(folder, allowFolder: true))
        XCTAssertThrowsError(try InputFile.read("\(folder)/missing")) { XCTAssertEqual("\($0)", "\(folder)/missing: no such file or folder") }
        FileManager.default.createFile(atPath: "\(folder)/a", contents: Data("abc".utf8))
        XCTAssertEqual(try InputFile.read("\(folder)/a"), Data("abc".utf8))
        XCTAssertThrowsError(try ImageIO.read(fifo)) { XCTAssertTrue("\($0)".contains("FIFO"), "\($0)") }
        XCTAssertThrowsError(try CheckpointFile.open(fifo)) { XCTAssertTrue("\($0)".contains("FIFO"), "\($0)") }
        XCTAssertThrowsError(try SHA256.hex(fileAt: fifo)) { XCTAssertTrue("\($0)".contains("FIFO"), "\($0)") }
        XCTAssertThrowsError(try ImageDiscovery.images(at: [fifo])) { XCTAssertTrue("\($0)".contains("FIFO"), "\($0)") }
    }

    func testOutputsMustDifferFromInputsAndEachOther() throws {
        let input = "\(folder)/in.png"
        FileManager.default.createFile(atPath: input, contents: Data("x".utf8))
        XCTAssertEqual(symlink(input, "\(folder)/link.png"), 0)
        XCTAssertThrowsError(try OutputPaths.requireDistinct(outputs: [("OUTPUT", "\(folder)/./in.png")], inputs: [("INPUT", input)])) {
            XCTAssertEqual(($0 as? ParameterError)?.name, "OUTPUT")
        }
        XCTAssertThrowsError(try OutputPaths.requireDistinct(outputs: [("OUTPUT", "\(folder)/link.png")], inputs: [("INPUT", input)]))
        XCTAssertThrowsError(try OutputPaths.requireDistinct(outputs: [("OUTPUT", "\(folder)/o.png"), ("--kernel", "\(folder)/o.png")], inputs: [])) {
            XCTAssertEqual(($0 as? ParameterError)?.name, "--kernel")
        }
        XCTAssertNoThrow(try OutputPaths.requireDistinct(outputs: [("OUTPUT", "\(folder)/o.png"), ("--kernel", nil)],
                                                         inputs: [("INPUT", input), ("--depth", nil)]))
    }

    func testWritingSeveralFilesLeavesNoneWhenOneFails() throws {
        let good = "\(folder)/good.png"
        XCTAssertThrowsError(try AtomicFile.writeAll([(Data("a".utf8), good), (Data("b".utf8), "\(folder)/nodir/k.json")])) { error in
            XCTAssertTrue("\(error)".contains("nodir/k.json"), "\(error)")
            XCTAssertTrue("\(error)".contains("no such file or folder"), "a missing folder is not 'permission': \(error)")
        }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder), [])
        try AtomicFile.writeAll([(Data("a".utf8), good), (Data("b".utf8), "\(folder)/k.json")])
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder).sorted(), ["good.png", "k.json"])
    }

    func testOnlyTemporariesOfDeadProcessesAreRemoved() throws {
        let child = Process()
        child.executableURL = URL(fileURLWithPath: "/bin/true")
        try child.run()
        child.waitUntilExit()
        let dead = child.processIdentifier
        let names = [".run.json.\(dead).42.tmp", ".a.png.\(dead).7.tmp", ".run.json.\(getpid()).9.tmp", "run.json", ".hidden", ".x.tmp"]
        for name in names { FileManager.default.createFile(atPath: "\(folder)/\(name)", contents: Data()) }
        XCTAssertEqual(AtomicFile.removeStaleTemporaries(in: folder).sorted(), [".a.png.\(dead).7.tmp", ".run.json.\(dead).42.tmp"])
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder).sorted(),
                       [".hidden", ".run.json.\(getpid()).9.tmp", ".x.tmp", "run.json"])
        XCTAssertEqual(AtomicFile.temporaryOwner(".run.json.123.456.tmp")?.target, "run.json")
        XCTAssertEqual(AtomicFile.temporaryOwner(".run.json.123.456.tmp")?.pid, 123)
        XCTAssertNil(AtomicFile.temporaryOwner(".run.json.tmp"))
    }

    func testFoundationErrorsBecomePlainWords() {
        let missing = CocoaError(.fileReadNoSuchFile, userInfo: [NSFilePathErrorKey: "/x"])
        XCTAssertEqual("\(FileError.describing(missing, path: "/x"))", "/x: no such file or folder")
        let denied = CocoaError(.fileWriteNoPermission)
        XCTAssertEqual(FileError.reason(of: denied), "permission denied")
        XCTAssertEqual(FileError.reason(of: POSIXError(.EROFS)), "read-only file system")
        XCTAssertEqual("\(FileError.describing(ParameterError("--x", "y"), path: "/x"))", "--x: y", "the project's own errors pass through")
    }
}
