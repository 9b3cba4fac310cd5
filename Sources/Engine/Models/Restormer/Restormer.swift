/// Restormer (Zamir et al. 2022): the plain `RestormerUNet` (skips reduced by 1x1 convs at
/// levels 2-3, refinement blocks, global residual), reflect-padded to a multiple of 8.
struct Restormer: LearnedNetwork {
    let config: RestormerConfig
    let unet: RestormerUNet

    init(_ w: WeightLoader, config: RestormerConfig) throws {
        self.config = config
        unet = try RestormerUNet(w, config: config, latentWidth: 8 * config.dim, architecture: "Restormer")
        try w.checkAllUsed(architecture: "Restormer")
    }

    func run(_ input: PlanarMap) -> PlanarMap { unet.run(input) }

    var tiling: TilingTraits {
        TilingTraits(bytesPerPixel: unet.level1BytesPerPixel, overlap: 32, multiple: RestormerConfig.padMultiple, localOnly: false)
    }
}
