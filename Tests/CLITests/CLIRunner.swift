import Foundation
import XCTest

/// Runs the built `gendeg` binary as a user would.
enum CLI {
    struct Result {
        let status: Int32
        let stdout: String
        let stderr: String
        /// True when the process died of a signal (then `status` is the signal number).
        var signaled = false
        /// True when `run` had to kill it after its timeout.
        var timedOut = false
    }

    /// $GENDEG_BINARY (set by `make test`), else the debug or release build beside the tests.
    static func binary() throws -> String {
        if let path = ProcessInfo.processInfo.environment["GENDEG_BINARY"], FileManager.default.isExecutableFile(atPath: path) {
            return path
        }
        let root = packageRoot()
        for configuration in ["debug", "release"] {
            let path = "\(root)/.build/\(configuration)/gendeg"
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        throw XCTSkip("gendeg is not built: run `swift build` first (make test does)")
    }

    static func packageRoot() -> String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
    }

    @discardableResult
    static func run(_ arguments: [String], environment: [String: String] = [:], removing: [String] = [],
                    timeout: TimeInterval? = nil) throws -> Result {
        try runExecutable(try binary(), arguments, environment: environment, removing: removing, timeout: timeout)
    }

    /// Runs another executable (an installed copy of gendeg, a tool) the same way.
    @discardableResult
    static func runExecutable(_ path: String, _ arguments: [String], environment: [String: String] = [:],
                              removing: [String] = [], timeout: TimeInterval? = nil) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        for (key, value) in environment { env[key] = value }
        for key in removing { env[key] = nil }
        process.environment = env
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let killed = TimeoutFlag()
        if let timeout {
            DispatchQueue.global().asyncAfter(deadline: .now() + timeout) { [process] in
                if process.isRunning {
                    killed.set()
                    kill(process.processIdentifier, SIGKILL)
                }
            }
        }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                      stderr: String(decoding: errData, as: UTF8.self),
                      signaled: process.terminationReason == .uncaughtSignal, timedOut: killed.isSet)
    }

    static func temporaryFolder(_ label: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("gendeg-\(label)-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    static var samplesFolder: String { "\(packageRoot())/Sources/Engine/Resources/samples" }
    static func sample(_ name: String) -> String { "\(samplesFolder)/\(name)" }
}

/// Set once from the timeout timer, read after the process ended.
final class TimeoutFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false
    func set() { lock.lock(); value = true; lock.unlock() }
    var isSet: Bool { lock.lock(); defer { lock.unlock() }; return value }
}

extension CLI {
    /// A learned-restorer fixture of the engine tests (training/goldens/make_restorer_goldens.py).
    static func learnedFixture(_ file: String) -> String { "\(packageRoot())/Tests/EngineTests/Fixtures/learned/\(file)" }
}
