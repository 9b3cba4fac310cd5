import Foundation

/// The sample photos shipped inside the engine (public domain / CC0, see samples/ATTRIBUTION.md).
public enum SampleImages {
    /// Their paths, sorted by name.
    public static func bundledPaths() -> [String] {
        guard let folder = Bundle.module.url(forResource: "samples", withExtension: nil) else { return [] }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { ImageFiles.isSupported($0) }.sorted().map { folder.appendingPathComponent($0).path }
    }
}

/// Data files shipped inside the engine.
public enum BundledResources {
    /// intensity-stats.json: per-dataset mu/sigma histograms measured by the GenDeg authors.
    public static func intensityStatsURL() -> URL? {
        Bundle.module.url(forResource: "intensity-stats", withExtension: "json")
    }
}

/// Which files gendeg can open, and how to list them in folders.
public enum ImageFiles {
    public static let extensions: Set<String> = ["png", "jpg", "jpeg"]

    public static func isSupported(_ path: String) -> Bool {
        extensions.contains((path as NSString).pathExtension.lowercased())
    }

    /// Expands files and folders (one level deep, sorted) into image file paths.
    public static func expand(_ paths: [String]) -> [String] {
        var result = [String]()
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { continue }
            if isDirectory.boolValue {
                let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
                result += names.filter { isSupported($0) && !$0.hasPrefix(".") }.sorted()
                    .map { (path as NSString).appendingPathComponent($0) }
            } else {
                result.append(path)
            }
        }
        return result
    }
}
