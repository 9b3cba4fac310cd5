import Foundation

/// Wiener deconvolution in the frequency domain: X = conj(K) Y / (|K|^2 + NSR), with a constant
/// noise-to-signal power ratio. The image is padded to a fast FFT size with a smooth periodic
/// taper (no jump where the FFT wraps), so the border does not ring.
public struct WienerDeblur: Restorer {
    public let name = "wiener"
    public let summary = "Wiener deconvolution by FFT (known kernel, or blind straight-motion estimate)"
    public let targets: Set<DegradationType> = [.motionBlur]

    public var noiseToSignal: Float = 1e-2

    public init() {}

    public func restore(_ image: RGBImage, context: RestoreContext) throws -> RGBImage {
        try context.checkProgress(0)
        guard let kernel = try DeblurKernelChoice.kernel(for: image, context: context) else {
            try context.checkProgress(1)
            return image.clamped()
        }
        try context.checkProgress(0.3)
        let width = image.width, height = image.height
        let gridWidth = FFT.fastSize(atLeast: width + 2 * kernel.size)
        let gridHeight = FFT.fastSize(atLeast: height + 2 * kernel.size)
        let fft = FFT2D(width: gridWidth, height: gridHeight)
        let gridCount = gridWidth * gridHeight
        var kernelRe = [Float](repeating: 0, count: gridCount), kernelIm = kernelRe
        let c = kernel.size / 2
        for i in 0..<kernel.size {
            for j in 0..<kernel.size {
                let y = ((i - c) % gridHeight + gridHeight) % gridHeight, x = ((j - c) % gridWidth + gridWidth) % gridWidth
                kernelRe[y * gridWidth + x] += kernel.weights[i * kernel.size + j]
            }
        }
        fft.forward(re: &kernelRe, im: &kernelIm)
        var filterRe = kernelRe, filterIm = kernelIm
        for k in 0..<gridCount {
            let power = kernelRe[k] * kernelRe[k] + kernelIm[k] * kernelIm[k]
            filterRe[k] = kernelRe[k] / (power + noiseToSignal)
            filterIm[k] = -kernelIm[k] / (power + noiseToSignal)
        }
        var output = RGBImage(width: width, height: height)
        // Red and green share one complex transform, blue takes the next (the filter's
        // real-image symmetry keeps the two real signals apart).
        for pair in [[0, 1], [2]] {
            var re = PlanePadding.periodicTaper(image.plane(pair[0]), width: width, height: height,
                                                gridWidth: gridWidth, gridHeight: gridHeight)
            var im = pair.count > 1
                ? PlanePadding.periodicTaper(image.plane(pair[1]), width: width, height: height, gridWidth: gridWidth, gridHeight: gridHeight)
                : [Float](repeating: 0, count: gridCount)
            fft.forward(re: &re, im: &im)
            for k in 0..<gridCount {
                let a = re[k], b = im[k]
                re[k] = a * filterRe[k] - b * filterIm[k]
                im[k] = a * filterIm[k] + b * filterRe[k]
            }
            fft.inverse(re: &re, im: &im)
            output.setPlane(pair[0], PlanePadding.crop(re, fullWidth: gridWidth, left: 0, top: 0, width: width, height: height))
            if pair.count > 1 {
                output.setPlane(pair[1], PlanePadding.crop(im, fullWidth: gridWidth, left: 0, top: 0, width: width, height: height))
            }
            try context.checkProgress(pair[0] == 0 ? 0.65 : 1)
        }
        return output.clamped()
    }
}
