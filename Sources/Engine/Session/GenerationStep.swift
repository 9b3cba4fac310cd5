/// Progress of one generation; diffusion generators attach a preview at each sampling step.
public struct GenerationStep: Sendable {
    public var index: Int
    public var total: Int
    public var preview: RGBImage?

    public init(index: Int, total: Int, preview: RGBImage? = nil) {
        self.index = index
        self.total = total
        self.preview = preview
    }
}
