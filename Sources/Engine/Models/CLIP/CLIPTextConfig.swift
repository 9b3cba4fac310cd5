/// Shape of a transformers CLIPTextModel.
public struct CLIPTextConfig: Sendable, Equatable {
    public var vocabularySize: Int
    public var hiddenSize: Int
    public var intermediateSize: Int
    public var layers: Int
    public var heads: Int
    public var maxPositions: Int
    public var layerNormEps: Float

    public init(vocabularySize: Int, hiddenSize: Int, intermediateSize: Int, layers: Int, heads: Int,
                maxPositions: Int = 77, layerNormEps: Float = 1e-5) {
        self.vocabularySize = vocabularySize
        self.hiddenSize = hiddenSize
        self.intermediateSize = intermediateSize
        self.layers = layers
        self.heads = heads
        self.maxPositions = maxPositions
        self.layerNormEps = layerNormEps
    }

    /// openai/clip-vit-large-patch14's text tower (Stable Diffusion 1.x).
    public static let vitL14 = CLIPTextConfig(vocabularySize: 49408, hiddenSize: 768, intermediateSize: 3072,
                                              layers: 12, heads: 12)

    /// The tiny random configuration of the golden fixtures (make_nn_goldens.py).
    public static let tiny = CLIPTextConfig(vocabularySize: 1000, hiddenSize: 32, intermediateSize: 37, layers: 2, heads: 4)

    func validate() throws {
        guard vocabularySize > 0, hiddenSize > 0, heads > 0, hiddenSize % heads == 0, layers >= 0,
              intermediateSize > 0, maxPositions > 0
        else { throw ModelLoadError.invalidConfig("CLIP text \(self)") }
    }
}
