/// A learned restoration architecture as a plug-in, in spandrel's layout: the architecture's
/// folder under `Models/` holds its network and the configuration type conforming to this
/// protocol (detection, loading, defaults, aliases, descriptions), and one line in
/// `RestorerArchitectures.all` registers it. Nothing else names an architecture.
protocol RestorerArchitecture: Sendable {
    /// The family as the user reads it in lists of what gendeg knows ("NAFNet", "Zero-DCE").
    static var displayName: String { get }
    /// How `gendeg inspect` classifies the architecture's checkpoints.
    static var family: ModelFamily { get }

    /// The configuration a checkpoint's tensors imply (names without wrapper prefixes, as spandrel
    /// detects: required names first, then sizes read off the shapes); nil when the tensors are not
    /// this architecture. Throws when they are, in a form gendeg cannot run.
    static func detect(_ shapes: [String: [Int]], source: String) throws -> Self?

    /// The registry spelling ("nafnet", "zero-dce++").
    var name: String { get }
    /// The family of this configuration ("NAFNet", "Zero-DCE++").
    var familyName: String { get }
    /// What the architecture's official checkpoints restore, used when nothing else is said.
    var defaultTargets: Set<DegradationType> { get }
    /// Whether a registry's `architecture = "..."`, lowercased with `_` as `-`, names this architecture.
    func accepts(alias spelled: String) -> Bool
    /// One line with the configuration, for `gendeg restorers` and the explorer's picker.
    var summary: String { get }
    /// The configuration, one "key: values" line per aspect, as `gendeg inspect` prints it.
    var configurationLines: [String] { get }
    /// Why this network cannot restore an RGB image, or nil when it can.
    func restorerProblem(source: String) -> String?
    /// This configuration with the user's per-restorer settings applied (those it has).
    func applying(tlcTrainSize: Int?, scaleFactor: Int?) -> Self
    /// The network built from `weights`, loaded strictly.
    func network(_ weights: WeightLoader) throws -> LearnedNetwork

    func isEqual(to other: any RestorerArchitecture) -> Bool
}

extension RestorerArchitecture {
    func restorerProblem(source: String) -> String? { nil }
    func applying(tlcTrainSize: Int?, scaleFactor: Int?) -> Self { self }
}

extension RestorerArchitecture where Self: Equatable {
    func isEqual(to other: any RestorerArchitecture) -> Bool { (other as? Self) == self }
}
