/// The Zero-DCE family of low-light curve estimators.
public struct ZeroDCEConfig: Equatable, Sendable {
    public enum Variant: String, Sendable {
        /// Li-Chongyi/Zero-DCE: seven 3x3 convs (`e_conv1..7`), 8 separate curve maps, no clamping.
        case zeroDCE = "zero-dce"
        /// Li-Chongyi/Zero-DCE_extension: depthwise-separable convs (`e_convN.depth_conv/point_conv`)
        /// on a 1/scale downsampled copy, one curve map upsampled and applied 8 times.
        case zeroDCEPlusPlus = "zero-dce++"
        /// The `neuro-low-light` wheel's Zero-DCE++ (`dce_net.conv1..7`): full 3x3 convs, 8 curve
        /// maps, the result clamped to [0, 1] after every iteration.
        case neuroLowLight = "neuro-low-light"
    }

    public var variant: Variant
    public var iterations: Int
    /// Zero-DCE++ only: the curve is estimated at 1/scaleFactor resolution (12 in the official test script).
    public var scaleFactor: Int

    public init(variant: Variant, iterations: Int = 8, scaleFactor: Int = 12) {
        self.variant = variant
        self.iterations = iterations
        self.scaleFactor = scaleFactor
    }
}
