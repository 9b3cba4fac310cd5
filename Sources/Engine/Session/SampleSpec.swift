/// Everything that determines one explorer sample, short of the pixels.
public struct SampleSpec: Equatable, Codable, Sendable {
    public var imagePath: String
    public var type: DegradationType
    public var targetMu: Double
    public var seed: UInt64
    public var settings: GeneratorSettings
    public var restorers: [String]
    public var restoreSource: DegradedSource

    public init(imagePath: String, type: DegradationType, targetMu: Double, seed: UInt64,
                settings: GeneratorSettings, restorers: [String], restoreSource: DegradedSource) {
        self.imagePath = imagePath
        self.type = type
        self.targetMu = targetMu
        self.seed = seed
        self.settings = settings
        self.restorers = restorers
        self.restoreSource = restoreSource
    }
}
