import Foundation

/// The sample photos shipped inside the engine (public domain / CC0, see samples/ATTRIBUTION.md).
public enum SampleImages {
    /// Their paths, sorted by name.
    public static func bundledPaths() -> [String] {
        guard let folder = Bundle.module.url(forResource: "samples", withExtension: nil) else { return [] }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { ImageDiscovery.isImage($0) }.sorted().map { folder.appendingPathComponent($0).path }
    }
}
