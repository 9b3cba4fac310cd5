import Foundation

extension ImageDiscovery {
    /// Images for a dataset run: files are kept as given; folders are searched recursively,
    /// since large datasets nest their photos (`train/scene-12/0001.png`). Hidden files and
    /// folders are skipped, and so is `excluding` (the run's output folder, whose degraded
    /// images must not become inputs when it lies inside an input folder). Each folder's
    /// images come sorted by path; a folder without any is an error.
    public static func imagesRecursively(at paths: [String], excluding: String? = nil) throws -> [String] {
        let excluded = excluding.map { canonical(URL(fileURLWithPath: ($0 as NSString).expandingTildeInPath)) }
        return try expand(paths) { path in
            guard let walk = FileManager.default.enumerator(at: URL(fileURLWithPath: path), includingPropertiesForKeys: [.isDirectoryKey],
                                                            options: [.skipsHiddenFiles]) else {
                throw ImageDiscoveryError.notFound(path)
            }
            var found: [String] = []
            while let url = walk.nextObject() as? URL {
                let folder = (try? url.resourceValues(forKeys: [.isDirectoryKey]).isDirectory) ?? false
                if folder {
                    if let excluded, canonical(url) == excluded { walk.skipDescendants() }
                } else if isImage(url.path) {
                    found.append(url.path)
                }
            }
            return found.sorted()
        }
    }

    static func canonical(_ url: URL) -> String { url.standardizedFileURL.resolvingSymlinksInPath().path }
}
