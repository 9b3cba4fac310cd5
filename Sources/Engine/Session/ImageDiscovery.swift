import Foundation

/// Turns command-line paths (files or folders) into the list of images to explore.
public enum ImageDiscovery {
    public static let extensions: Set<String> = ["png", "jpg", "jpeg"]

    public static func isImage(_ path: String) -> Bool {
        extensions.contains((path as NSString).pathExtension.lowercased())
    }

    /// Files are kept as given; folders contribute their PNG/JPEG files (not recursive), sorted.
    public static func images(at paths: [String]) throws -> [String] {
        try expand(paths) { path in
            let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
            return names.filter { isImage($0) && !$0.hasPrefix(".") }.sorted()
                .map { (path as NSString).appendingPathComponent($0) }
        }
    }

    /// Each path as given when it is a file, or `imagesInFolder(path)` when it is a folder
    /// (a folder without images is an error).
    static func expand(_ paths: [String], imagesInFolder: (String) throws -> [String]) throws -> [String] {
        var result: [String] = []
        for raw in paths {
            let path = (raw as NSString).expandingTildeInPath
            let isFolder: Bool
            do { isFolder = try InputFile.check(path, allowFolder: true) } catch let error as FileError {
                if error.reason == FileError.reason(errno: ENOENT) { throw ImageDiscoveryError.notFound(raw) }
                throw FileError(path: raw, reason: error.reason)
            }
            guard isFolder else {
                result.append(path)
                continue
            }
            let found = try imagesInFolder(path)
            if found.isEmpty { throw ImageDiscoveryError.noImages(raw) }
            result += found
        }
        return result
    }
}
