/// What `gendeg inspect --config` adds: the UNet, VAE and text encoder a checkpoint is built as
/// once its LDM YAML is applied, with the heads of every transformer level.
public enum LDMArchitectureSummary {
    public static func render(_ config: LDMModelConfig, checkpoint: String) throws -> String {
        let file = try CheckpointFile.open(checkpoint)
        var lines = ["config: \(config.path)"]
        if let inferred = UNetConfig.infer({ (try? ComponentWeights.resolve(.unet, in: file))?.info($0)?.shape }) {
            let unet = try config.applying(to: inferred)
            let heads = unet.blockOutChannels.indices.map { level in
                unet.downBlockHasAttention[level] ? "\(unet.attentionHeads(level: level))" : "-"
            }
            lines.append("unet with config: widths \(unet.blockOutChannels), res blocks \(unet.layersPerBlock), "
                         + "heads per level [\(heads.joined(separator: ", "))], mid \(unet.attentionHeads(level: unet.blockOutChannels.count - 1)), "
                         + "depth \(unet.transformerDepth), context \(unet.crossAttentionDim)")
        }
        if let inferred = VAEConfig.infer({ (try? ComponentWeights.resolve(.vae, in: file))?.info($0)?.shape }) {
            let vae = config.applying(to: inferred)
            lines.append("vae with config: widths \(vae.blockOutChannels), res blocks \(vae.layersPerBlock), latent \(vae.latentChannels), scale \(vae.scalingFactor)")
        }
        if let inferred = CLIPTextConfig.infer({ (try? ComponentWeights.resolve(.textEncoder, in: file))?.info($0)?.shape }) {
            lines.append("text encoder with config: \(config.applying(to: inferred).heads) heads")
        }
        return lines.joined(separator: "\n")
    }
}
