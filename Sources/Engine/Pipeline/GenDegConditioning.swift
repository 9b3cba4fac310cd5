import Foundation

/// GenDeg's cross-attention conditioning (ddpm_edit.py, run_single.py): the CLIP embedding
/// of the prompt [77, W] concatenated with the projected intensity one-hots
/// (stats_proj: Linear(129, 77) on each of the mu and sigma rows, transposed to [77, 2]),
/// then cc_projection: Linear(W + 2, W).
public struct GenDegConditioning: Sendable {
    public let statsProjection: Linear
    public let ccProjection: Linear
    public let textWidth: Int

    public init(weights: WeightSource, prefix: String, textWidth: Int) throws {
        statsProjection = try Linear(weights, prefix + "stats_proj", inFeatures: IntensityOneHot.rowLength,
                                     outFeatures: CLIPTokenizer.contextLength)
        ccProjection = try Linear(weights, prefix + "cc_projection", inFeatures: textWidth + 2, outFeatures: textWidth)
        self.textWidth = textWidth
    }

    /// [1, 77, W] context for the UNet from a text embedding [1, 77, W] and the 2 x 129 one-hots.
    public func context(text: Tensor, oneHots: [Float]) -> Tensor {
        precondition(text.shape == [1, CLIPTokenizer.contextLength, textWidth], "text embedding shape \(text.shape)")
        precondition(oneHots.count == 2 * IntensityOneHot.rowLength)
        let projected = statsProjection(Tensor(shape: [1, 2, IntensityOneHot.rowLength], data: oneHots))  // [1, 2, 77]
        let tokens = CLIPTokenizer.contextLength
        var joined = [Float](repeating: 0, count: tokens * (textWidth + 2))
        text.data.withUnsafeBufferPointer { t in
            projected.data.withUnsafeBufferPointer { p in
                for token in 0..<tokens {
                    let row = token * (textWidth + 2)
                    for c in 0..<textWidth { joined[row + c] = t[token * textWidth + c] }
                    joined[row + textWidth] = p[token]               // mu row, transposed
                    joined[row + textWidth + 1] = p[tokens + token]  // sigma row, transposed
                }
            }
        }
        return ccProjection(Tensor(shape: [1, tokens, textWidth + 2], data: joined))
    }
}
