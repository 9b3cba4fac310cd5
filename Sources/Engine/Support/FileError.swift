import Foundation

/// A file or folder that cannot be read or written, with the reason in plain words. Every
/// Foundation or POSIX failure on a user's path is turned into one here, so no raw NSError
/// ("Code=513 ...") reaches a user.
public struct FileError: Error, CustomStringConvertible, Equatable, Sendable {
    public let path: String
    public let reason: String

    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    public var description: String { "\(path): \(reason)" }

    /// The reason for an errno value, worded for a user.
    public static func reason(errno code: Int32) -> String {
        switch code {
        case ENOENT: return "no such file or folder"
        case EACCES, EPERM: return "permission denied"
        case EROFS: return "read-only file system"
        case ENOSPC: return "no space left on the device"
        case EDQUOT: return "disk quota exceeded"
        case ENOTDIR: return "a part of the path is not a folder"
        case EISDIR: return "is a folder"
        case ENAMETOOLONG: return "the name is too long"
        case ELOOP: return "too many symbolic links"
        case EEXIST: return "already exists"
        case EXDEV: return "is on another file system"
        default: return String(cString: strerror(code))
        }
    }

    /// `FileError` for the current errno.
    public static func fromErrno(_ path: String, _ code: Int32 = errno) -> FileError {
        FileError(path: path, reason: reason(errno: code))
    }

    /// The reason alone (no path) for any error on a file, for messages that name the path themselves.
    public static func reason(of error: Error) -> String {
        switch describing(error, path: "") {
        case let mapped as FileError: return mapped.reason
        case let other: return "\(other)"
        }
    }

    /// Any error from Foundation (CocoaError, POSIXError, NSError with a POSIX underlying error)
    /// on `path`, worded for a user; errors of this project's own types pass through unchanged.
    public static func describing(_ error: Error, path: String) -> Error {
        if let posix = error as? POSIXError { return FileError(path: path, reason: reason(errno: posix.code.rawValue)) }
        let ns: NSError
        if let cocoa = error as? CocoaError {
            ns = cocoa as NSError
        } else if type(of: error) is NSError.Type, let object = error as? NSError {
            ns = object
        } else {
            return error
        }
        if let underlying = ns.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return FileError(path: path, reason: reason(errno: Int32(underlying.code)))
        }
        if ns.domain == NSPOSIXErrorDomain { return FileError(path: path, reason: reason(errno: Int32(ns.code))) }
        if ns.domain == NSCocoaErrorDomain {
            switch CocoaError.Code(rawValue: ns.code) {
            case .fileNoSuchFile, .fileReadNoSuchFile: return FileError(path: path, reason: reason(errno: ENOENT))
            case .fileReadNoPermission, .fileWriteNoPermission: return FileError(path: path, reason: reason(errno: EACCES))
            case .fileWriteVolumeReadOnly: return FileError(path: path, reason: reason(errno: EROFS))
            case .fileWriteOutOfSpace: return FileError(path: path, reason: reason(errno: ENOSPC))
            case .fileWriteFileExists: return FileError(path: path, reason: reason(errno: EEXIST))
            case .fileReadCorruptFile: return FileError(path: path, reason: "cannot be read: corrupt or not in the expected format")
            default: break
            }
        }
        return FileError(path: path, reason: "cannot be read or written (\(ns.domain) error \(ns.code))")
    }
}
