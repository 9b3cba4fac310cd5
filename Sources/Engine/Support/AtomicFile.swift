import Foundation

/// Writes files so that readers see either the old content or the whole new content:
/// data goes to a hidden temporary file in the same folder, is flushed, then renamed.
public enum AtomicFile {
    public static func write(_ data: Data, to path: String, overwrite: Bool = true) throws {
        if !overwrite && FileManager.default.fileExists(atPath: path) {
            throw CocoaError(.fileWriteFileExists, userInfo: [NSFilePathErrorKey: path])
        }
        let temporary = try flushedTemporary(data, beside: path)
        if rename(temporary, path) != 0 {
            unlink(temporary)
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path])
        }
    }

    /// Creates `path` with `data` unless it exists, atomically: readers and racing creators see
    /// no file or the whole content of exactly one of them. Returns false when it already existed.
    public static func create(_ data: Data, at path: String) throws -> Bool {
        let temporary = try flushedTemporary(data, beside: path)
        defer { unlink(temporary) }
        // link(2), unlike rename(2), fails rather than replace an existing file.
        if link(temporary, path) == 0 { return true }
        if errno == EEXIST { return false }
        throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path])
    }

    /// A hidden ".<name>.<pid>.<random>.tmp" beside `path` holding `data`, synced to disk.
    static func flushedTemporary(_ data: Data, beside path: String) throws -> String {
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent()
        let temporary = folder.appendingPathComponent(".\(url.lastPathComponent).\(getpid()).\(UInt32.random(in: 0...UInt32.max)).tmp")
        guard FileManager.default.createFile(atPath: temporary.path, contents: nil) else {
            throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: folder.path])
        }
        do {
            let handle = try FileHandle(forWritingTo: temporary)
            try handle.write(contentsOf: data)
            try handle.synchronize()
            try handle.close()
        } catch {
            unlink(temporary.path)
            throw error
        }
        return temporary.path
    }

    /// Appends one line to a file with a single write(2) on an O_APPEND descriptor, so
    /// concurrent writers never interleave inside a line.
    public static func appendLine(_ line: String, to path: String) throws {
        let fd = open(path, O_WRONLY | O_APPEND | O_CREAT, 0o644)
        guard fd >= 0 else { throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: path]) }
        defer { close(fd) }
        var bytes = Array((line.hasSuffix("\n") ? line : line + "\n").utf8)
        let written = bytes.withUnsafeMutableBytes { Foundation.write(fd, $0.baseAddress, $0.count) }
        guard written == bytes.count else { throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path]) }
        fsync(fd)
    }
}
