import Foundation

public enum ModelHashError: Error, CustomStringConvertible {
    case emptyFolder(String)

    public var description: String {
        switch self {
        case .emptyFolder(let path): return "model folder \(path) holds no files to hash"
        }
    }
}

/// The SHA-256 that identifies a model in export sidecars and synthesis manifests. A model is
/// either one weights file (hashed as it is) or a folder (a diffusers-style model, the bundled
/// GenDeg-small): a folder's hash is the SHA-256 of one line per regular file, sorted by path
/// relative to the folder, "<relative path>\0<SHA-256 of the file>\n". It does not depend on
/// the order the file system lists entries in, nor on where the folder is, and changes when
/// any file is added, removed, renamed or edited.
public enum ModelHash {
    public static func sha256(ofModelAt path: String) throws -> String {
        try InputFile.check(path, allowFolder: true) ? try folderSHA256(path) : try SHA256.hex(fileAt: path)
    }

    /// The relative path of every file under `folder` (a link to a file counts as that file),
    /// in byte order of their UTF-8 spelling.
    public static func filesInModelFolder(_ folder: String) throws -> [String] {
        let files = try FileManager.default.subpathsOfDirectory(atPath: folder).filter { relative in
            var isFolder: ObjCBool = false
            let exists = FileManager.default.fileExists(atPath: (folder as NSString).appendingPathComponent(relative), isDirectory: &isFolder)
            return exists && !isFolder.boolValue
        }
        return files.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
    }

    private static func folderSHA256(_ folder: String) throws -> String {
        let files = try filesInModelFolder(folder)
        guard !files.isEmpty else { throw ModelHashError.emptyFolder(folder) }
        var hasher = SHA256()
        for relative in files {
            let fileHash = try SHA256.hex(fileAt: (folder as NSString).appendingPathComponent(relative))
            hasher.update(Array(relative.utf8) + [0] + Array(fileHash.utf8) + [UInt8(ascii: "\n")])
        }
        return hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }
}
