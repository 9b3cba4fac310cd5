import Foundation

/// Entry points for learned restorers: direct checkpoints and the user's registry.
public enum LearnedRestorers {
    /// Loads a checkpoint directly, architecture detected. `name` defaults to the file name,
    /// `targets` to the architecture's usual degradations.
    public static func load(checkpoint: String, name: String?, targets: Set<DegradationType>?,
                            options: LearnedOptions = LearnedOptions()) throws -> Restorer {
        try LearnedRestorer(checkpoint: checkpoint, name: name, targets: targets, options: options)
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

/// Loads on first `restore`; later calls reuse the network. Thread-safe. Listing it reads only
/// the checkpoint's tensor names and shapes (no weights), to know its architecture and targets.
final class LazyLearnedRestorer: Restorer, @unchecked Sendable {
    let entry: RestorerEntry
    private let lock = NSLock()
    private var loaded: LearnedRestorer?
    private var detected: Result<LearnedArchitecture, Error>?

    init(entry: RestorerEntry) { self.entry = entry }

    var name: String { entry.name }

    var summary: String {
        if let summary = entry.summary { return summary }
        switch detectedArchitecture() {
        case .success(let architecture):
            return "\(entry.options.applied(to: architecture).summary), \((entry.path as NSString).lastPathComponent)"
        case .failure(let error):
            return "unusable checkpoint: \(error)"
        }
    }

    /// The registry's targets, else those of the architecture found in the checkpoint (read
    /// now, names and shapes only), else none when the checkpoint cannot be read.
    var targets: Set<DegradationType> {
        if let targets = entry.targets { return targets }
        return (try? detectedArchitecture().get())?.defaultTargets ?? []
    }

    /// The checkpoint's architecture, detected once from its tensor names and shapes.
    func detectedArchitecture() -> Result<LearnedArchitecture, Error> {
        lock.lock()
        defer { lock.unlock() }
        if let loaded { return .success(loaded.architecture) }
        if let detected { return detected }
        let result = Result<LearnedArchitecture, Error> {
            let weights = try WeightLoader.open(entry.path)
            let architecture = try LearnedArchitecture.detect(names: weights.names, shapes: weights.allShapes, source: entry.path)
            if let declared = entry.architecture, !architecture.matches(declared: declared) {
                throw LearnedRestorerError.architectureMismatch(declared: declared, detected: architecture.name, checkpoint: entry.path)
            }
            return architecture
        }
        detected = result
        return result
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
