/// Stable Diffusion's KL autoencoder (diffusers AutoencoderKL naming), float32 on the CPU.
public struct AutoencoderKL: Sendable {
    public let config: VAEConfig
    let encoder: VAEEncoder
    let decoder: VAEDecoder
    let quantConv: Conv2d
    let postQuantConv: Conv2d

    public init(config: VAEConfig, weights w: WeightSource) throws {
        try config.validate()
        self.config = config
        encoder = try VAEEncoder(w, config: config)
        decoder = try VAEDecoder(w, config: config)
        let l = config.latentChannels
        quantConv = try Conv2d(w, "quant_conv", inChannels: 2 * l, outChannels: 2 * l, kernel: 1)
        postQuantConv = try Conv2d(w, "post_quant_conv", inChannels: l, outChannels: l, kernel: 1)
    }

    /// The posterior of `image` [B, 3, H, W] (values in [-1, 1], H and W multiples of the
    /// downsampling factor): mean and log-variance [B, latent, H/f, W/f]. The posterior mode
    /// is the mean; logvar is clamped to [-30, 20] as diffusers does.
    public func encode(_ image: Tensor) throws -> (mean: Tensor, logvar: Tensor) {
        let f = config.downsamplingFactor
        guard image.rank == 4, image.shape[0] > 0, image.shape[1] == config.inChannels,
              image.shape[2] > 0, image.shape[3] > 0, image.shape[2] % f == 0, image.shape[3] % f == 0 else {
            throw TensorShapeError.invalidInput(
                "VAE image \(image.shape): need [B, \(config.inChannels), H, W] with H, W multiples of \(f)")
        }
        let moments = quantConv(encoder(image))
        let l = config.latentChannels
        var logvar = TensorOps.sliceChannels(moments, from: l, count: l)
        for i in logvar.data.indices { logvar.data[i] = min(max(logvar.data[i], -30), 20) }
        return (TensorOps.sliceChannels(moments, from: 0, count: l), logvar)
    }

    /// The image [B, 3, h*f, w*f] (roughly [-1, 1]) for an unscaled latent [B, latent, h, w].
    public func decode(_ latent: Tensor) throws -> Tensor {
        guard latent.rank == 4, latent.shape[0] > 0, latent.shape[1] == config.latentChannels,
              latent.shape[2] > 0, latent.shape[3] > 0 else {
            throw TensorShapeError.invalidInput("VAE latent \(latent.shape): need [B, \(config.latentChannels), h, w]")
        }
        return decoder(postQuantConv(latent))
    }
}
