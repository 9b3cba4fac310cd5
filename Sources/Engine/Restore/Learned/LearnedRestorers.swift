import Foundation

/// Entry points for learned restorers: direct checkpoints and the user's registry.
public enum LearnedRestorers {
    /// Loads a checkpoint directly, architecture detected. `name` defaults to the file name,
    /// `targets` to the architecture's usual degradations.
    public static func load(checkpoint: String, name: String?, targets: Set<DegradationType>?) throws -> Restorer {
        try LearnedRestorer(checkpoint: checkpoint, name: name, targets: targets)
    }

    /// Loads a registry entry now.
    public static func load(entry: RestorerEntry) throws -> LearnedRestorer {
        try LearnedRestorer(checkpoint: entry.path, name: entry.name, targets: entry.targets,
                            declaredArchitecture: entry.architecture, summary: entry.summary, options: entry.options)
    }

    /// A restorer for a registry entry that reads its checkpoint on first use, so listing the
    /// registry stays instant; a bad checkpoint surfaces as the error of that first `restore`.
    public static func lazy(entry: RestorerEntry) -> Restorer {
        LazyLearnedRestorer(entry: entry)
    }

    /// Every entry of the registry file at `path` (default `RestorerRegistryFile.defaultPath`),
    /// as lazy restorers; an absent default file is an empty registry.
    public static func registry(path: String? = nil) throws -> [Restorer] {
        let file = path ?? RestorerRegistryFile.defaultPath
        if path == nil && !FileManager.default.fileExists(atPath: file) { return [] }
        return try RestorerRegistryFile.load(path: file).map(lazy(entry:))
    }
}

/// Loads on first `restore`; later calls reuse the network. Thread-safe.
final class LazyLearnedRestorer: Restorer, @unchecked Sendable {
    let entry: RestorerEntry
    private let lock = NSLock()
    private var loaded: LearnedRestorer?

    init(entry: RestorerEntry) { self.entry = entry }

    var name: String { entry.name }
    var summary: String {
        entry.summary ?? "\(entry.architecture ?? "learned") checkpoint \((entry.path as NSString).lastPathComponent)"
    }
    var targets: Set<DegradationType> {
        if let targets = entry.targets { return targets }
        switch entry.architecture?.lowercased() {
        case "nafnet"?, "nafnet-local"?: return [.motionBlur]
        case "restormer"?: return [.rain, .motionBlur]
        case "promptir"?: return [.haze, .rain]
        case "zero-dce"?, "zero-dce++"?, "neuro-low-light"?: return [.lowLight]
        default: return []
        }
    }

    func restorer() throws -> LearnedRestorer {
        lock.lock()
        defer { lock.unlock() }
        if let loaded { return loaded }
        let restorer = try LearnedRestorers.load(entry: entry)
        loaded = restorer
        return restorer
    }

    func restore(_ image: RGBImage, context: RestoreContext) throws -> RGBImage {
        try restorer().restore(image, context: context)
    }
}
