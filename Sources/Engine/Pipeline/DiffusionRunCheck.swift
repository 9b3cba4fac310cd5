/// What a GenDeg run at a given resolution asks of the model and the machine, checked before
/// any tensor is allocated: the side must suit the networks' downsampling, and the memory the
/// largest buffers take must fit.
extension GenDegModel {
    /// The resolution must be a multiple of this: the VAE's downsampling times the UNet's
    /// (each UNet level but the last halves the latent, and skips must line up on the way up).
    public var resolutionMultiple: Int { vaeConfig.downsamplingFactor << max(0, unetConfig.blockOutChannels.count - 1) }

    /// Throws a `ParameterError` naming `name` when `resolution` is out of
    /// `ParameterLimits.resolution`, not a multiple of `resolutionMultiple`, or needs more
    /// memory than `memoryLimit` (default: the machine's).
    public func checkRun(resolution: Int, name: String, memoryLimit: Int? = nil) throws {
        try ParameterLimits.check(resolution, in: ParameterLimits.resolution, name)
        let multiple = resolutionMultiple
        guard resolution % multiple == 0, resolution >= multiple else {
            let lower = max(multiple, resolution / multiple * multiple)
            throw ParameterError(name, "\(resolution) does not suit \(self.name): it must be a multiple of \(multiple) (its VAE and UNet halve the image that often), e.g. \(lower) or \(lower + multiple)")
        }
        try MemoryBudget.check(estimate: estimatedBytes(resolution: resolution), limit: memoryLimit,
                               what: "\(self.name) at \(resolution)x\(resolution)", cause: name)
    }

    /// The peak working memory of one generation at `resolution`, in bytes: the larger of the
    /// UNet's (three batched passes, attention scores of its largest attended level) and the
    /// VAE's (full-resolution features with their im2col buffer, mid-block attention scores).
    public func estimatedBytes(resolution: Int) -> Int {
        let float = MemoryLayout<Float>.size
        let latent = resolution / max(1, vaeConfig.downsamplingFactor)
        let latentArea = MemoryBudget.product(latent, latent)
        var unetScores = 0
        for (level, attended) in unetConfig.downBlockHasAttention.enumerated() where attended {
            let side = latent >> level
            unetScores = max(unetScores, MemoryBudget.product(side, side, side, side, float))
        }
        let unetWidest = unetConfig.blockOutChannels.max() ?? 0
        // Skip connections of every level stay alive until the way up: about 2 per resnet.
        let unetFeatures = MemoryBudget.product(3, latentArea, unetWidest, 2 * unetConfig.layersPerBlock + 4, float)
        let unet = MemoryBudget.sum(unetScores, unetFeatures)
        let fullArea = MemoryBudget.product(resolution, resolution)
        let vaeFull = MemoryBudget.product(fullArea, vaeConfig.blockOutChannels.first ?? 0, 4 + 9, float)
        let vaeScores = MemoryBudget.product(latentArea, latentArea, float)
        let vae = MemoryBudget.sum(vaeFull, vaeScores)
        return max(unet, vae)
    }
}

extension GeneratorSettings {
    /// These settings when every one is in `ParameterLimits`, else a `ParameterError` naming
    /// the setting as the user spells it: `prefix` is "--" on the command line, ":" in the explorer.
    public func checked(prefix: String) throws -> GeneratorSettings {
        try ParameterLimits.check(steps, in: ParameterLimits.steps, prefix + "steps")
        try ParameterLimits.check(textGuidance, in: ParameterLimits.guidance, prefix + "cfg-text")
        try ParameterLimits.check(imageGuidance, in: ParameterLimits.guidance, prefix + "cfg-image")
        return self
    }
}

extension GenDegParameters {
    /// The engine's own guard, whoever built the parameters: NaN guidance or an intensity
    /// outside GenDeg's bins would sample a black image and report it as a result.
    func check() throws {
        try ParameterLimits.check(steps, in: ParameterLimits.steps, "steps")
        try ParameterLimits.check(Double(textGuidance), in: ParameterLimits.guidance, "text guidance")
        try ParameterLimits.check(Double(imageGuidance), in: ParameterLimits.guidance, "image guidance")
        if let mu { try ParameterLimits.check(mu, in: ParameterLimits.mu, "mu") }
        if let sigma { try ParameterLimits.check(sigma, in: ParameterLimits.sigma, "sigma") }
    }
}
