extension DenseConv {
    /// This 1x1 convolution applied after a per-channel affine map a * x + b: the weight
    /// columns scale by a, and W b joins the bias (folds a norm's affine part into the conv).
    func foldingInputAffine(scale: [Float], shift: [Float]?) -> DenseConv {
        precondition(kernel == 1 && scale.count == inChannels)
        var w = weight
        var b = bias ?? [Float](repeating: 0, count: outChannels)
        for o in 0..<outChannels {
            for i in 0..<inChannels {
                if let shift { b[o] += w[o * inChannels + i] * shift[i] }
                w[o * inChannels + i] *= scale[i]
            }
        }
        return DenseConv(pointwise: w, bias: b, outChannels: outChannels, inChannels: inChannels)
    }

    /// Every output channel of this 1x1 convolution (weights and bias) scaled by `scale`
    /// (NAFNet's beta and gamma).
    func scalingOutputs(_ scale: [Float]) -> DenseConv {
        precondition(kernel == 1 && scale.count == outChannels)
        var w = weight
        for o in 0..<outChannels {
            for i in 0..<inChannels { w[o * inChannels + i] *= scale[o] }
        }
        let b = bias.map { zip($0, scale).map { $0 * $1 } }
        return DenseConv(pointwise: w, bias: b, outChannels: outChannels, inChannels: inChannels)
    }
}
