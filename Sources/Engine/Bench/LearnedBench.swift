import Foundation

/// Timings of the learned restorers on random weights (the speed does not depend on the values),
/// for `gendeg bench`; training/bench/bench_restorers_torch.py times PyTorch on the same shapes.
public enum LearnedBench {
    /// Seconds for one NAFNet-width32 (GoPro configuration) pass on a size x size image:
    /// the median of `runs` after a warm-up run.
    public static func nafnetGoPro(size: Int, runs: Int = 3) -> Double {
        let config = NAFNetConfig.goProWidth32
        return time(size: size, runs: runs) { try NAFNet(randomWeights(NAFNet.parameterShapes(config)), config: config) }
    }

    /// Seconds for one official-size Restormer (dim 48, blocks 4/6/6/8 + 4) pass on a size x size image.
    public static func restormer(size: Int, runs: Int = 3) -> Double {
        let config = RestormerConfig.official
        return time(size: size, runs: runs) { try Restormer(randomWeights(Restormer.parameterShapes(config)), config: config) }
    }

    private static func time(size: Int, runs: Int, _ build: () throws -> LearnedNetwork) -> Double {
        guard let network = try? build() else { return .nan }
        var random = SeededRandom(seed: 11)
        let input = PlanarMap(channels: 3, height: size, width: size, data: (0..<(3 * size * size)).map { _ in random.uniform() })
        _ = network.run(input)
        var seconds: [Double] = []
        for _ in 0..<max(1, runs) {
            let start = DispatchTime.now().uptimeNanoseconds
            _ = network.run(input)
            seconds.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        }
        return seconds.sorted()[seconds.count / 2]
    }

    /// Deterministic random weights with fan-in scaling for every named shape.
    static func randomWeights(_ shapes: [String: [Int]]) -> WeightLoader {
        WeightLoader(source: "random", shapes: shapes) { name in
            let shape = shapes[name] ?? []
            var random = SeededRandom(seed: name.utf8.reduce(14_695_981_039_346_656_037) { ($0 ^ UInt64($1)) &* 1_099_511_628_211 })
            let fanIn = shape.count > 1 ? shape.dropFirst().reduce(1, *) : 1
            let scale = 1 / Float(fanIn).squareRoot()
            return Tensor(shape: shape, data: (0..<shape.reduce(1, *)).map { _ in (random.uniform() * 2 - 1) * scale })
        }
    }
}

extension NAFNet {
    /// Every tensor name and shape a NAFNet of `config` has (DW and FFN expansion 2).
    static func parameterShapes(_ config: NAFNetConfig) -> [String: [Int]] {
        var shapes: [String: [Int]] = [:]
        func block(_ p: String, _ c: Int) {
            for norm in ["norm1", "norm2"] { shapes["\(p).\(norm).weight"] = [c]; shapes["\(p).\(norm).bias"] = [c] }
            let convs: [(String, Int, Int, Int)] = [("conv1", 2 * c, c, 1), ("conv2", 2 * c, 1, 3), ("sca.1", c, c, 1),
                                                    ("conv3", c, c, 1), ("conv4", 2 * c, c, 1), ("conv5", c, c, 1)]
            for (name, out, inputs, k) in convs {
                shapes["\(p).\(name).weight"] = [out, inputs, k, k]
                shapes["\(p).\(name).bias"] = [out]
            }
            shapes["\(p).beta"] = [1, c, 1, 1]
            shapes["\(p).gamma"] = [1, c, 1, 1]
        }
        var c = config.width
        shapes["intro.weight"] = [c, config.inChannels, 3, 3]
        shapes["intro.bias"] = [c]
        shapes["ending.weight"] = [config.outChannels, c, 3, 3]
        shapes["ending.bias"] = [config.outChannels]
        for (level, count) in config.encoderBlocks.enumerated() {
            for i in 0..<count { block("encoders.\(level).\(i)", c) }
            shapes["downs.\(level).weight"] = [2 * c, c, 2, 2]
            shapes["downs.\(level).bias"] = [2 * c]
            c *= 2
        }
        for i in 0..<config.middleBlocks { block("middle_blks.\(i)", c) }
        for (index, count) in config.decoderBlocks.enumerated() {
            shapes["ups.\(index).0.weight"] = [2 * c, c, 1, 1]
            c /= 2
            for i in 0..<count { block("decoders.\(index).\(i)", c) }
        }
        return shapes
    }
}

extension Restormer {
    /// Every tensor name and shape a Restormer of `config` has.
    static func parameterShapes(_ config: RestormerConfig) -> [String: [Int]] {
        var shapes: [String: [Int]] = [:]
        func conv(_ name: String, _ out: Int, _ inputs: Int, _ k: Int, bias: Bool) {
            shapes[name + ".weight"] = [out, inputs, k, k]
            if bias { shapes[name + ".bias"] = [out] }
        }
        func blocks(_ prefix: String, _ count: Int, _ c: Int, _ heads: Int) {
            let hidden = config.hiddenWidth(channels: c)
            for i in 0..<count {
                let p = "\(prefix).\(i)"
                for norm in ["norm1", "norm2"] {
                    shapes["\(p).\(norm).body.weight"] = [c]
                    if config.layerNorm == .withBias { shapes["\(p).\(norm).body.bias"] = [c] }
                }
                shapes["\(p).attn.temperature"] = [heads, 1, 1]
                conv("\(p).attn.qkv", 3 * c, c, 1, bias: config.bias)
                conv("\(p).attn.qkv_dwconv", 3 * c, 1, 3, bias: config.bias)
                conv("\(p).attn.project_out", c, c, 1, bias: config.bias)
                conv("\(p).ffn.project_in", 2 * hidden, c, 1, bias: config.bias)
                conv("\(p).ffn.dwconv", 2 * hidden, 1, 3, bias: config.bias)
                conv("\(p).ffn.project_out", c, hidden, 1, bias: config.bias)
            }
        }
        let d = config.dim
        conv("patch_embed.proj", d, config.inChannels, 3, bias: false)
        blocks("encoder_level1", config.blocks[0], d, config.heads[0])
        conv("down1_2.body.0", d / 2, d, 3, bias: false)
        blocks("encoder_level2", config.blocks[1], 2 * d, config.heads[1])
        conv("down2_3.body.0", d, 2 * d, 3, bias: false)
        blocks("encoder_level3", config.blocks[2], 4 * d, config.heads[2])
        conv("down3_4.body.0", 2 * d, 4 * d, 3, bias: false)
        blocks("latent", config.blocks[3], 8 * d, config.heads[3])
        conv("up4_3.body.0", 16 * d, 8 * d, 3, bias: false)
        conv("reduce_chan_level3", 4 * d, 8 * d, 1, bias: config.bias)
        blocks("decoder_level3", config.blocks[2], 4 * d, config.heads[2])
        conv("up3_2.body.0", 8 * d, 4 * d, 3, bias: false)
        conv("reduce_chan_level2", 2 * d, 4 * d, 1, bias: config.bias)
        blocks("decoder_level2", config.blocks[1], 2 * d, config.heads[1])
        conv("up2_1.body.0", 4 * d, 2 * d, 3, bias: false)
        blocks("decoder_level1", config.blocks[0], 2 * d, config.heads[0])
        blocks("refinement", config.refinementBlocks, 2 * d, config.heads[0])
        conv("output", config.outChannels, 2 * d, 3, bias: config.bias)
        return shapes
    }
}
