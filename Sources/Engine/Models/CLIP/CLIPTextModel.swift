/// One pre-norm transformer layer of the CLIP text encoder (causal self-attention,
/// quick_gelu MLP).
struct CLIPEncoderLayer: Sendable {
    let norm1: LayerNorm, attention: MultiHeadAttention
    let norm2: LayerNorm, fc1: Linear, fc2: Linear

    init(_ w: WeightSource, _ prefix: String, config c: CLIPTextConfig) throws {
        norm1 = try LayerNorm(w, "\(prefix).layer_norm1", dimension: c.hiddenSize, eps: c.layerNormEps)
        attention = try MultiHeadAttention(w, "\(prefix).self_attn", queryDim: c.hiddenSize, heads: c.heads,
                                           headDim: c.hiddenSize / c.heads, projectionBias: true, naming: .clip)
        norm2 = try LayerNorm(w, "\(prefix).layer_norm2", dimension: c.hiddenSize, eps: c.layerNormEps)
        fc1 = try Linear(w, "\(prefix).mlp.fc1", inFeatures: c.hiddenSize, outFeatures: c.intermediateSize)
        fc2 = try Linear(w, "\(prefix).mlp.fc2", inFeatures: c.intermediateSize, outFeatures: c.hiddenSize)
    }

    func callAsFunction(_ x: Tensor) -> Tensor {
        var h = x
        TensorOps.addInPlace(&h, attention(norm1(h), causal: true))
        var mlp = fc1(norm2(h))
        Activation.quickGelu.apply(&mlp)
        TensorOps.addInPlace(&h, fc2(mlp))
        return h
    }
}

/// transformers' CLIPTextModel (`text_model.*` names): token ids -> last_hidden_state after
/// the final layer norm, the conditioning Stable Diffusion 1.x cross-attends to.
public struct CLIPTextModel: Sendable {
    public let config: CLIPTextConfig
    let tokenEmbedding: Tensor     // [vocab, hidden]
    let positionEmbedding: Tensor  // [maxPositions, hidden]
    let layers: [CLIPEncoderLayer]
    let finalNorm: LayerNorm

    public init(config: CLIPTextConfig, weights w: WeightSource) throws {
        try config.validate()
        self.config = config
        let d = config.hiddenSize
        tokenEmbedding = try w.tensor("text_model.embeddings.token_embedding.weight", shape: [config.vocabularySize, d])
        positionEmbedding = try w.tensor("text_model.embeddings.position_embedding.weight", shape: [config.maxPositions, d])
        layers = try (0..<config.layers).map { try CLIPEncoderLayer(w, "text_model.encoder.layers.\($0)", config: config) }
        finalNorm = try LayerNorm(w, "text_model.final_layer_norm", dimension: d, eps: config.layerNormEps)
    }

    /// Hidden states [1, tokens.count, hidden] for one tokenized prompt (already padded to
    /// 77 ids by the tokenizer for Stable Diffusion).
    public func forward(tokens: [Int32]) throws -> Tensor {
        guard !tokens.isEmpty, tokens.count <= config.maxPositions else {
            throw TensorShapeError.invalidInput("\(tokens.count) tokens; CLIP takes 1...\(config.maxPositions)")
        }
        if let bad = tokens.first(where: { $0 < 0 || Int($0) >= config.vocabularySize }) {
            throw TensorShapeError.invalidInput("token id \(bad) outside the vocabulary of \(config.vocabularySize)")
        }
        let d = config.hiddenSize
        var h = Tensor(uninitialized: [1, tokens.count, d])
        for (i, token) in tokens.enumerated() {
            let t = Int(token) * d, p = i * d
            for j in 0..<d { h.data[p + j] = tokenEmbedding.data[t + j] + positionEmbedding.data[p + j] }
        }
        for layer in layers { h = layer(h) }
        return finalNorm(h)
    }
}
