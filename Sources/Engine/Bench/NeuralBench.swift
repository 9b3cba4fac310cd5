import Foundation

/// Wall-clock timings of the neural models at full size with random weights (`gendeg bench`).
public enum NeuralBench {
    /// Seconds for one UNet forward pass on a [batch, inChannels, latentSize, latentSize]
    /// latent with a 77-token context: batch 3 at 32 is one GenDeg dual-CFG step at 256 px.
    /// Builds the model first and runs once untimed (buffers warm), then returns the
    /// fastest of `runs` timed passes.
    public static func unetStep(config: UNetConfig, latentSize: Int, batch: Int, runs: Int = 1) throws -> Double {
        let unet = try UNet2DCondition(config: config, weights: RandomWeightSource(seed: 1))
        let sample = randomTensor([batch, config.inChannels, latentSize, latentSize], seed: 2)
        let context = randomTensor([batch, 77, config.crossAttentionDim], seed: 3)
        return try fastest(runs: runs) { _ = try unet.forward(sample: sample, timestep: 500, context: context) }
    }

    /// Seconds for one VAE decode to an imageSize x imageSize image (same protocol as `unetStep`).
    public static func vaeDecode(config: VAEConfig, imageSize: Int, runs: Int = 1) throws -> Double {
        let vae = try AutoencoderKL(config: config, weights: RandomWeightSource(seed: 4))
        let side = imageSize / config.downsamplingFactor
        let latent = randomTensor([1, config.latentChannels, side, side], seed: 5)
        return try fastest(runs: runs) { _ = try vae.decode(latent) }
    }

    /// Seconds for one VAE encode of an imageSize x imageSize image.
    public static func vaeEncode(config: VAEConfig, imageSize: Int, runs: Int = 1) throws -> Double {
        let vae = try AutoencoderKL(config: config, weights: RandomWeightSource(seed: 4))
        let image = randomTensor([1, config.inChannels, imageSize, imageSize], seed: 6)
        return try fastest(runs: runs) { _ = try vae.encode(image) }
    }

    /// Peak resident memory of this process so far (VmHWM), in MiB; 0 where /proc is absent.
    public static func peakRSSMegabytes() -> Double {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
              let kib = Double(line.split(separator: " ").dropFirst().first ?? "")
        else { return 0 }
        return kib / 1024
    }

    private static func fastest(runs: Int, _ body: () throws -> Void) rethrows -> Double {
        try body()
        var best = Double.infinity
        for _ in 0..<max(runs, 1) {
            let start = DispatchTime.now().uptimeNanoseconds
            try body()
            best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        }
        ScratchPool.shared.drain()
        return best
    }

    private static func randomTensor(_ shape: [Int], seed: UInt64) -> Tensor {
        var rng = SeededRandom(seed: seed)
        var t = Tensor(uninitialized: shape)
        for i in t.data.indices { t.data[i] = rng.normal() }
        return t
    }
}
