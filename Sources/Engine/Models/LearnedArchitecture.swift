/// A detected learned restoration architecture with the configuration its checkpoint implies:
/// one of `RestorerArchitectures.all`, which each describe, load and name themselves.
public struct LearnedArchitecture: Equatable, Sendable, CustomStringConvertible {
    let configuration: any RestorerArchitecture

    init(_ configuration: any RestorerArchitecture) {
        self.configuration = configuration
    }

    public static func == (a: LearnedArchitecture, b: LearnedArchitecture) -> Bool {
        a.configuration.isEqual(to: b.configuration)
    }

    /// The registry spelling: "nafnet", "restormer", "promptir", "zero-dce", "zero-dce++", "neuro-low-light".
    public var name: String { configuration.name }
    /// The display name of the architecture family ("NAFNet", "Restormer", "Zero-DCE++").
    public var familyName: String { configuration.familyName }
    /// What the architecture's official checkpoints restore, used when nothing else is said.
    public var defaultTargets: Set<DegradationType> { configuration.defaultTargets }
    /// A one-line description with the detected configuration.
    public var summary: String { configuration.summary }
    /// The configuration, one "key: values" line per aspect, as `gendeg inspect` prints it.
    public var configurationLines: [String] { configuration.configurationLines }
    public var description: String { summary }

    /// Whether a registry's `architecture = "..."` names this architecture.
    public func matches(declared: String) -> Bool {
        configuration.accepts(alias: declared.lowercased().replacingOccurrences(of: "_", with: "-"))
    }

    /// Why this network cannot restore an RGB image, or nil when it can.
    public func restorerProblem(source: String) -> String? {
        configuration.restorerProblem(source: source)
    }

    /// Detects the architecture and its configuration from tensor names and shapes, as spandrel
    /// does, and requires a network that restores RGB images. `module.` / `net.` prefixes are ignored.
    public static func detect(names: [String], shapes: [String: [Int]]) throws -> LearnedArchitecture {
        try detect(names: names, shapes: shapes, source: "checkpoint")
    }

    static func detect(names: [String], shapes: [String: [Int]], source: String) throws -> LearnedArchitecture {
        let architecture = try identify(names: names, shapes: shapes, source: source)
        if let problem = architecture.restorerProblem(source: source) { throw ModelLoadError.unsupportedConfig(problem) }
        return architecture
    }

    /// The one detector behind `detect`, `gendeg inspect` and the structure corrector: the
    /// architecture and configuration, whatever its channel counts (a 6-channel NAFNet is GenDeg's
    /// structure corrector). Throws for checkpoints that are none of the registered architectures.
    public static func identify(names: [String], shapes: [String: [Int]]) throws -> LearnedArchitecture {
        try identify(names: names, shapes: shapes, source: "checkpoint")
    }

    static func identify(names rawNames: [String], shapes rawShapes: [String: [Int]], source: String) throws -> LearnedArchitecture {
        var shapes: [String: [Int]] = [:]
        for (original, stripped) in WeightLoader.stripPrefixes(rawNames) { shapes[stripped] = rawShapes[original] }
        for architecture in RestorerArchitectures.all {
            if let configuration = try architecture.detect(shapes, source: source) { return LearnedArchitecture(configuration) }
        }
        throw ModelLoadError.unknownArchitecture(checkpoint: source, sample: Array(rawNames.sorted().prefix(4)))
    }

    /// This architecture with the user's per-restorer settings applied.
    func applying(tlcTrainSize: Int?, scaleFactor: Int?) -> LearnedArchitecture {
        LearnedArchitecture(configuration.applying(tlcTrainSize: tlcTrainSize, scaleFactor: scaleFactor))
    }

    /// Builds the network from the weights (strict: every tensor used, every shape checked).
    func network(_ weights: WeightLoader) throws -> LearnedNetwork {
        try configuration.network(weights)
    }

    /// The configuration when it is of architecture `T`.
    public func configuration<T>(as type: T.Type) -> T? { configuration as? T }
}
