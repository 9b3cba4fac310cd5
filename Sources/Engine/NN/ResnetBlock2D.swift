/// diffusers' ResnetBlock2D: norm1+SiLU, conv1, (+ time projection), norm2+SiLU, conv2,
/// plus a 1x1 `conv_shortcut` when the channel count changes.
public struct ResnetBlock2D: Sendable {
    let norm1: GroupNorm, conv1: Conv2d
    let timeProjection: Linear?
    let norm2: GroupNorm, conv2: Conv2d
    let shortcut: Conv2d?

    /// `timeChannels` nil for the VAE's blocks, which take no time embedding.
    public init(_ weights: WeightSource, _ prefix: String, inChannels: Int, outChannels: Int, timeChannels: Int?,
                groups: Int, eps: Float) throws {
        norm1 = try GroupNorm(weights, join(prefix, "norm1"), groups: groups, channels: inChannels, eps: eps)
        conv1 = try Conv2d(weights, join(prefix, "conv1"), inChannels: inChannels, outChannels: outChannels, kernel: 3, padding: 1)
        timeProjection = try timeChannels.map {
            try Linear(weights, join(prefix, "time_emb_proj"), inFeatures: $0, outFeatures: outChannels)
        }
        norm2 = try GroupNorm(weights, join(prefix, "norm2"), groups: groups, channels: outChannels, eps: eps)
        conv2 = try Conv2d(weights, join(prefix, "conv2"), inChannels: outChannels, outChannels: outChannels, kernel: 3, padding: 1)
        shortcut = inChannels == outChannels ? nil
            : try Conv2d(weights, join(prefix, "conv_shortcut"), inChannels: inChannels, outChannels: outChannels, kernel: 1)
    }

    /// `temb` is the raw time embedding [B, T]; the block applies SiLU before projecting it.
    public func callAsFunction(_ x: Tensor, temb: Tensor? = nil) -> Tensor {
        var h = conv1(norm1(x, silu: true))
        if let timeProjection, let temb {
            let t = timeProjection(Activation.silu(temb))
            let (batch, channels) = (h.shape[0], h.shape[1])
            let plane = h.count / (batch * channels)
            precondition(t.shape == [batch, channels], "time embedding \(temb.shape) for activations \(h.shape)")
            h.data.withUnsafeMutableBufferPointer { hp in
                for row in 0..<(batch * channels) {
                    let add = t.data[row], p = hp.baseAddress! + row * plane
                    for i in 0..<plane { p[i] += add }
                }
            }
        }
        var y = conv2(norm2(h, silu: true))
        TensorOps.addInPlace(&y, shortcut.map { $0(x) } ?? x)
        return y
    }
}

/// Stride-2 3x3 convolution, `<prefix>.conv`. The UNet pads 1 on every side; the VAE pads
/// only right and bottom (`asymmetric`), as diffusers' Downsample2D(padding=0).
public struct Downsample2D: Sendable {
    let conv: Conv2d

    public init(_ weights: WeightSource, _ prefix: String, channels: Int, asymmetric: Bool) throws {
        let w = try weights.tensor(join(prefix, "conv.weight"), shape: [channels, channels, 3, 3])
        let b = try weights.tensor(join(prefix, "conv.bias"), shape: [channels])
        conv = try Conv2d(weight: w, bias: b, stride: (2, 2), padding: asymmetric ? (0, 0, 1, 1) : (1, 1, 1, 1))
    }

    public func callAsFunction(_ x: Tensor) -> Tensor { conv(x) }
}

/// Nearest 2x upsampling then a 3x3 convolution, `<prefix>.conv`.
public struct Upsample2D: Sendable {
    let conv: Conv2d

    public init(_ weights: WeightSource, _ prefix: String, channels: Int) throws {
        conv = try Conv2d(weights, join(prefix, "conv"), inChannels: channels, outChannels: channels, kernel: 3, padding: 1)
    }

    public func callAsFunction(_ x: Tensor) -> Tensor { conv(TensorOps.upsampleNearest2x(x)) }
}
