import Foundation

/// Settings a user may change per learned restorer (registry keys in brackets).
public struct LearnedOptions: Sendable, Equatable {
    /// NAFNet TLC training size [tlc_train_size]; 0 turns TLC off (plain NAFNet, global pooling);
    /// nil keeps the default (256, the official GoPro/REDS test setting).
    public var tlcTrainSize: Int?
    /// Zero-DCE++ downscale factor for curve estimation [scale_factor]; nil keeps 12.
    public var scaleFactor: Int?
    /// Tiling and memory bound [tile_size, tile_overlap, memory_limit_mb].
    public var tiling: TilingOptions

    public init(tlcTrainSize: Int? = nil, scaleFactor: Int? = nil, tiling: TilingOptions = TilingOptions()) {
        self.tlcTrainSize = tlcTrainSize
        self.scaleFactor = scaleFactor
        self.tiling = tiling
    }

    func applied(to architecture: LearnedArchitecture) -> LearnedArchitecture {
        architecture.applying(tlcTrainSize: tlcTrainSize, scaleFactor: scaleFactor)
    }
}

/// A restorer backed by a checkpoint of one of the `LearnedArchitecture`s. Large images run in
/// blended tiles sized to the memory bound; the result is clamped to [0, 1].
public struct LearnedRestorer: Restorer {
    public let name: String
    public let summary: String
    public let targets: Set<DegradationType>
    public let architecture: LearnedArchitecture
    public let checkpointPath: String
    public var options: LearnedOptions
    let network: LearnedNetwork

    /// Loads `path`, detects its architecture (checked against `declaredArchitecture` when given)
    /// and builds the network; throws `ModelLoadError` for unreadable, unknown, partial or
    /// mismatched checkpoints.
    public init(checkpoint path: String, name: String? = nil, targets: Set<DegradationType>? = nil,
                declaredArchitecture: String? = nil, summary: String? = nil, options: LearnedOptions = LearnedOptions()) throws {
        let weights = try WeightLoader.open(path)
        let shapes = weights.allShapes
        let detected = try LearnedArchitecture.detect(names: Array(shapes.keys), shapes: shapes, source: path)
        if let declared = declaredArchitecture, !detected.matches(declared: declared) {
            throw LearnedRestorerError.architectureMismatch(declared: declared, detected: detected.name, checkpoint: path)
        }
        try options.check(for: detected, name: name ?? Self.defaultName(path))
        let architecture = options.applied(to: detected)
        self.network = try architecture.network(weights)
        self.architecture = architecture
        self.checkpointPath = path
        self.options = options
        self.name = name ?? Self.defaultName(path)
        self.targets = targets ?? architecture.defaultTargets
        self.summary = summary ?? architecture.summary
    }

    static func defaultName(_ path: String) -> String {
        ((path as NSString).lastPathComponent as NSString).deletingPathExtension.lowercased()
    }

    public func restore(_ image: RGBImage, context: RestoreContext) throws -> RGBImage {
        let traits = network.tiling
        let tile = TiledInference.tileSide(for: traits, width: image.width, height: image.height, options: options.tiling)
        if options.tiling.tileSize != nil {
            // A fixed tile overrides the memory bound; it still has to fit the machine.
            let (width, height) = (min(tile, image.width), min(tile, image.height))
            try MemoryBudget.check(estimate: MemoryBudget.product(width, height, traits.bytesPerPixel),
                                   what: "\(name) on \(width)x\(height) tiles", cause: "--tile-size")
        }
        let overlap = TiledInference.overlap(traits, options.tiling)
        let network = self.network
        let progress: (@Sendable (Int, Int) -> Bool)?
        if let tiles = context.tileProgress {
            progress = tiles
        } else if let fraction = context.progress {
            progress = { done, total in fraction(Double(done) / Double(total)) }
        } else {
            progress = nil
        }
        let restored = try TiledInference.run(image, tile: tile, overlap: overlap, progress: progress) { crop in
            network.run(PlanarMap(crop)).image()
        }
        return restored.clamped()
    }

    /// The raw network output (no tiling, no clamping): what the parity tests compare.
    func forward(_ image: RGBImage) -> RGBImage {
        network.run(PlanarMap(image)).image()
    }
}
