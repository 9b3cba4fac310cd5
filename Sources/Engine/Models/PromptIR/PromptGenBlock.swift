import Foundation

/// PromptIR's prompt generation: the softmax of a linear map of the input's channel means weighs
/// `length` learned components; their sum is resized bilinearly to the input's size
/// (F.interpolate, align_corners false) and passed through a 3x3 conv without bias.
struct PromptGenBlock: Sendable {
    let prompt: PromptIRConfig.Prompt
    let inputChannels: Int
    /// [length][channels][size][size], prompt_param without its leading 1.
    let components: [Float]
    /// linear_layer: [length][inputChannels] and [length].
    let linearWeight: [Float]
    let linearBias: [Float]
    let conv: DenseConv

    init(_ w: WeightLoader, prefix p: String, prompt: PromptIRConfig.Prompt, inputChannels: Int) throws {
        self.prompt = prompt
        self.inputChannels = inputChannels
        components = try w.take("\(p).prompt_param", shape: [1, prompt.length, prompt.channels, prompt.size, prompt.size])
        linearWeight = try w.take("\(p).linear_layer.weight", shape: [prompt.length, inputChannels])
        linearBias = try w.take("\(p).linear_layer.bias", shape: [prompt.length])
        conv = try w.conv("\(p).conv3x3", out: prompt.channels, in: prompt.channels, kernel: 3, padding: 1, bias: false)
    }

    /// The softmax weights of the components for the input `x`.
    func componentWeights(_ x: PlanarMap) -> [Float] {
        let means = ChannelOps.channelMeans(x)
        let logits = (0..<prompt.length).map { l in
            (0..<inputChannels).reduce(linearBias[l]) { $0 + linearWeight[l * inputChannels + $1] * means[$1] }
        }
        let top = logits.max() ?? 0
        let exps = logits.map { Foundation.exp($0 - top) }
        let total = exps.reduce(0, +)
        return exps.map { $0 / total }
    }

    /// The prompt for `x`: `prompt.channels` planes of x's height and width.
    func callAsFunction(_ x: PlanarMap) -> PlanarMap {
        let weights = componentWeights(x)
        let count = prompt.channels * prompt.size * prompt.size
        var mixed = [Float](repeating: 0, count: count)
        for (l, weight) in weights.enumerated() {
            let offset = l * count
            for i in 0..<count { mixed[i] += weight * components[offset + i] }
        }
        let small = PlanarMap(channels: prompt.channels, height: prompt.size, width: prompt.size, data: mixed)
        return conv(ChannelOps.resizedBilinear(small, height: x.height, width: x.width))
    }
}
