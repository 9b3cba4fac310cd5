/// diffusers' BasicTransformerBlock: pre-norm self-attention, cross-attention on the text
/// context, and a GEGLU feed-forward, each with a residual.
public struct BasicTransformerBlock: Sendable {
    let norm1: LayerNorm, attn1: MultiHeadAttention
    let norm2: LayerNorm, attn2: MultiHeadAttention
    let norm3: LayerNorm, feedForward: GEGLUFeedForward

    public init(_ weights: WeightSource, _ prefix: String, dimension: Int, heads: Int, headDim: Int,
                contextDim: Int) throws {
        norm1 = try LayerNorm(weights, join(prefix, "norm1"), dimension: dimension)
        attn1 = try MultiHeadAttention(weights, join(prefix, "attn1"), queryDim: dimension, heads: heads, headDim: headDim)
        norm2 = try LayerNorm(weights, join(prefix, "norm2"), dimension: dimension)
        attn2 = try MultiHeadAttention(weights, join(prefix, "attn2"), queryDim: dimension, contextDim: contextDim,
                                       heads: heads, headDim: headDim)
        norm3 = try LayerNorm(weights, join(prefix, "norm3"), dimension: dimension)
        feedForward = try GEGLUFeedForward(weights, join(prefix, "ff"), dimension: dimension)
    }

    /// x: tokens [B, N, C]; context: [B, M, contextDim].
    public func callAsFunction(_ x: Tensor, context: Tensor) -> Tensor {
        var h = x
        TensorOps.addInPlace(&h, attn1(norm1(h)))
        TensorOps.addInPlace(&h, attn2(norm2(h), context: context))
        TensorOps.addInPlace(&h, feedForward(norm3(h)))
        return h
    }
}

/// diffusers' Transformer2DModel as used by SD 1.x: group norm (eps 1e-6), `proj_in`,
/// transformer blocks over the pixels as tokens, `proj_out`, plus the input. The
/// projections are 1x1 convolutions or linear layers (same weights); they are applied as
/// GEMMs that also convert between NCHW and token layout.
public struct SpatialTransformer: Sendable {
    let norm: GroupNorm
    let projectIn: Linear, projectOut: Linear
    let blocks: [BasicTransformerBlock]

    public init(_ weights: WeightSource, _ prefix: String, channels: Int, heads: Int, contextDim: Int, groups: Int,
                depth: Int = 1) throws {
        guard channels % heads == 0 else {
            throw ModelLoadError.invalidConfig("\(prefix): \(channels) channels do not split into \(heads) heads")
        }
        norm = try GroupNorm(weights, join(prefix, "norm"), groups: groups, channels: channels, eps: 1e-6)
        projectIn = try Linear(weights, join(prefix, "proj_in"), inFeatures: channels, outFeatures: channels)
        projectOut = try Linear(weights, join(prefix, "proj_out"), inFeatures: channels, outFeatures: channels)
        blocks = try (0..<depth).map {
            try BasicTransformerBlock(weights, join(prefix, "transformer_blocks.\($0)"), dimension: channels,
                                      heads: heads, headDim: channels / heads, contextDim: contextDim)
        }
    }

    /// x: [B, C, H, W]; context: [B, M, contextDim].
    public func callAsFunction(_ x: Tensor, context: Tensor) -> Tensor {
        var tokens = projectIn.tokens(fromChannelsFirst: norm(x))
        for block in blocks { tokens = block(tokens, context: context) }
        var y = projectOut.channelsFirst(fromTokens: tokens, height: x.shape[2], width: x.shape[3])
        TensorOps.addInPlace(&y, x)
        return y
    }
}
