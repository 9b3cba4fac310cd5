import Foundation

/// Writes files so that readers see either the old content or the whole new content:
/// data goes to a hidden temporary file in the same folder, is flushed, then renamed.
/// Failures are `FileError`s naming the path and the reason (a missing folder is "no such file
/// or folder", not "permission").
public enum AtomicFile {
    public static func write(_ data: Data, to path: String, overwrite: Bool = true) throws {
        if !overwrite && FileManager.default.fileExists(atPath: path) {
            throw FileError(path: path, reason: FileError.reason(errno: EEXIST))
        }
        try writeAll([(data, path)])
    }

    /// Writes several files as one step: every temporary is written first, and only when all
    /// succeeded are they renamed into place, so a failure (a missing folder, a full disk) on
    /// any of them leaves none of the outputs behind.
    public static func writeAll(_ files: [(data: Data, path: String)]) throws {
        var temporaries: [String] = []
        do {
            for file in files { temporaries.append(try flushedTemporary(file.data, beside: file.path)) }
        } catch {
            for temporary in temporaries { unlink(temporary) }
            throw error
        }
        for (index, file) in files.enumerated() where rename(temporaries[index], file.path) != 0 {
            let failure = FileError.fromErrno(file.path)
            for temporary in temporaries[index...] { unlink(temporary) }
            throw failure
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
        throw FileError.fromErrno(path)
    }

    /// A hidden ".<name>.<pid>.<random>.tmp" beside `path` holding `data`, synced to disk.
    static func flushedTemporary(_ data: Data, beside path: String) throws -> String {
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent()
        let temporary = folder.appendingPathComponent(".\(url.lastPathComponent).\(getpid()).\(UInt32.random(in: 0...UInt32.max)).tmp").path
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            let code = errno
            // The folder is what is missing or unwritable; name the output the user asked for.
            throw FileError(path: path, reason: "cannot write: " + FileError.reason(errno: code) + (code == ENOENT ? " (the folder \(folder.path) does not exist)" : ""))
        }
        let written = data.withUnsafeBytes { raw -> Bool in
            var offset = 0
            while offset < raw.count {
                let count = Foundation.write(descriptor, raw.baseAddress! + offset, raw.count - offset)
                if count < 0 && errno == EINTR { continue }
                guard count > 0 else { return false }
                offset += count
            }
            return true
        }
        let code = errno
        let synced = written && fsync(descriptor) == 0
        close(descriptor)
        guard synced else {
            unlink(temporary)
            throw FileError(path: path, reason: "cannot write: " + FileError.reason(errno: code))
        }
        return temporary
    }

    /// Appends one line to a file with a single write(2) on an O_APPEND descriptor, so
    /// concurrent writers never interleave inside a line.
    public static func appendLine(_ line: String, to path: String) throws {
        let fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw FileError.fromErrno(path) }
        defer { close(fd) }
        var bytes = Array((line.hasSuffix("\n") ? line : line + "\n").utf8)
        let written = bytes.withUnsafeMutableBytes { Foundation.write(fd, $0.baseAddress, $0.count) }
        guard written == bytes.count else { throw FileError(path: path, reason: "cannot write: " + FileError.reason(errno: errno)) }
        fsync(fd)
    }

    /// The process that made a temporary ".<name>.<pid>.<random>.tmp", or nil for other names.
    static func temporaryOwner(_ name: String) -> (target: String, pid: Int32)? {
        guard name.hasPrefix("."), name.hasSuffix(".tmp") else { return nil }
        let parts = name.dropFirst().dropLast(4).split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count >= 3, let pid = Int32(parts[parts.count - 2]), pid > 0, UInt32(parts[parts.count - 1]) != nil else { return nil }
        return (parts.dropLast(2).joined(separator: "."), pid)
    }

    /// Removes the temporaries in `folder` left by processes that no longer run (a kill -9 in
    /// the middle of a write). Temporaries of live processes are theirs and stay. Returns the
    /// names removed.
    @discardableResult
    public static func removeStaleTemporaries(in folder: String) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        var removed: [String] = []
        for name in names {
            guard let owner = temporaryOwner(name), !ProcessLiveness.isRunning(owner.pid) else { continue }
            if unlink((folder as NSString).appendingPathComponent(name)) == 0 { removed.append(name) }
        }
        return removed
    }
}
