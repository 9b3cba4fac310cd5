import Foundation

/// Every path a user gives as input is opened through here. Anything that is not a regular file
/// (or, where allowed, a folder) is refused before a blocking read: open(2) on a FIFO waits for
/// a writer forever, and a device or socket never ends.
public enum InputFile {
    /// Checks `path` without opening it; true when it is a folder (only when `allowFolder`).
    @discardableResult
    public static func check(_ path: String, allowFolder: Bool = false) throws -> Bool {
        var info = stat()
        guard stat(path, &info) == 0 else { throw FileError.fromErrno(path) }
        switch info.st_mode & S_IFMT {
        case S_IFREG: return false
        case S_IFDIR:
            guard allowFolder else { throw FileError(path: path, reason: "is a folder, not a file") }
            return true
        default: throw FileError(path: path, reason: "is \(kindName(info.st_mode)), not a regular file")
        }
    }

    /// A read-only descriptor of the regular file at `path`. Opened without blocking and checked
    /// on the open descriptor, so a path swapped for a FIFO after a check still cannot hang.
    public static func openRegular(_ path: String) throws -> Int32 {
        let descriptor = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else { throw FileError.fromErrno(path) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else {
            let code = errno
            close(descriptor)
            throw FileError.fromErrno(path, code)
        }
        guard info.st_mode & S_IFMT == S_IFREG else {
            close(descriptor)
            let kind = info.st_mode & S_IFMT == S_IFDIR ? "a folder" : kindName(info.st_mode)
            throw FileError(path: path, reason: "is \(kind), not a regular file")
        }
        _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) & ~O_NONBLOCK)
        return descriptor
    }

    /// A handle on the regular file at `path` (closed when released).
    public static func handle(_ path: String) throws -> FileHandle {
        FileHandle(fileDescriptor: try openRegular(path), closeOnDealloc: true)
    }

    /// The whole content of the regular file at `path`.
    public static func read(_ path: String) throws -> Data {
        let handle = try handle(path)
        defer { try? handle.close() }
        do { return try handle.readToEnd() ?? Data() } catch {
            throw FileError.describing(error, path: path)
        }
    }

    static func kindName(_ mode: mode_t) -> String {
        switch mode & S_IFMT {
        case S_IFIFO: return "a FIFO (named pipe)"
        case S_IFSOCK: return "a socket"
        case S_IFCHR: return "a character device"
        case S_IFBLK: return "a block device"
        case S_IFDIR: return "a folder"
        default: return "not a regular file"
        }
    }
}
