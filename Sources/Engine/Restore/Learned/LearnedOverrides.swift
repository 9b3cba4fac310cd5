import Foundation

/// Settings given on the command line for learned restorers (`--memory-limit`, `--tile-size`,
/// `--tile-overlap`, `--tlc-train-size` / `--no-tlc`, `--scale-factor`); each one set replaces
/// the registry's value for the restorers it is applied to.
public struct LearnedOverrides: Sendable, Equatable {
    public var memoryLimitMB: Int?
    public var tileSize: Int?
    public var tileOverlap: Int?
    /// 0 turns TLC off.
    public var tlcTrainSize: Int?
    public var scaleFactor: Int?

    public init(memoryLimitMB: Int? = nil, tileSize: Int? = nil, tileOverlap: Int? = nil,
                tlcTrainSize: Int? = nil, scaleFactor: Int? = nil) {
        self.memoryLimitMB = memoryLimitMB
        self.tileSize = tileSize
        self.tileOverlap = tileOverlap
        self.tlcTrainSize = tlcTrainSize
        self.scaleFactor = scaleFactor
    }

    public var isEmpty: Bool { self == LearnedOverrides() }

    /// `options` with every setting given here replaced.
    public func applied(to options: LearnedOptions) -> LearnedOptions {
        var result = options
        if let memoryLimitMB { result.tiling.memoryLimitBytes = memoryLimitMB << 20 }
        if let tileSize { result.tiling.tileSize = tileSize }
        if let tileOverlap { result.tiling.overlap = tileOverlap }
        if let tlcTrainSize { result.tlcTrainSize = tlcTrainSize }
        if let scaleFactor { result.scaleFactor = scaleFactor }
        return result
    }
}

extension LearnedRestorers {
    /// `restorer` with `overrides` applied when it is learned (a registry or bundled entry, or a
    /// loaded checkpoint). Others come back unchanged, or, with `requireLearned`, give an error
    /// when there is something to apply.
    public static func applying(_ overrides: LearnedOverrides, to restorer: Restorer, requireLearned: Bool) throws -> Restorer {
        if overrides.isEmpty { return restorer }
        switch restorer {
        case let lazy as LazyLearnedRestorer:
            var entry = lazy.entry
            entry.options = overrides.applied(to: entry.options)
            return LazyLearnedRestorer(entry: entry)
        case let learned as LearnedRestorer:
            return try LearnedRestorer(checkpoint: learned.checkpointPath, name: learned.name, targets: learned.targets,
                                       summary: learned.summary, options: overrides.applied(to: learned.options))
        default:
            if requireLearned {
                throw RestoreError.failed("\(restorer.name) is not a learned restorer: the tiling, memory, TLC and scale options do not apply to it")
            }
            return restorer
        }
    }
}
