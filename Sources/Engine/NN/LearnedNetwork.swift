/// A loaded restoration network: maps a 3-channel map to a 3-channel map of the same size,
/// padding and cropping the way the architecture's own test code does.
protocol LearnedNetwork: Sendable {
    func run(_ input: PlanarMap) -> PlanarMap
    /// How tiled inference may cut images for this network.
    var tiling: TilingTraits { get }
}

/// What tiled inference needs to know about a network.
struct TilingTraits: Sendable {
    /// Approximate peak working memory per input pixel, in bytes (feature maps alive at once).
    var bytesPerPixel: Int
    /// Overlap between neighbouring tiles, in pixels.
    var overlap: Int
    /// Tiles are cut at multiples of this (the network's padding multiple), to avoid padding.
    var multiple: Int
    /// Whether a tile's output is exact away from its border (a bounded receptive field);
    /// false for networks with global statistics (attention, channel attention).
    var localOnly: Bool
}
