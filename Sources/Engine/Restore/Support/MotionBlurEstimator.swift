import Foundation

/// Blind estimate of a straight motion blur from the blurred image alone, by the cepstrum
/// (Cannon 1976): a line blur of length L along u multiplies the spectrum by a sinc whose zeros
/// repeat every 1/L along u, so the log spectrum carries a ripple whose own Fourier transform,
/// the cepstrum, has a sharp negative peak at the offset L u. Its position gives angle and length.
public enum MotionBlurEstimator {
    /// The largest image side analysed; bigger images are cropped to their centre.
    static let analysisSide = 384
    /// How far below the typical cepstrum value the peak must reach, in standard deviations;
    /// sharp photos stay near -3.5, clearly blurred ones go below -5.
    static let peakThreshold: Float = -4.5

    /// The blur, or nil when the image is too small or shows no clear linear blur.
    public static func estimate(_ image: RGBImage, maxLength: Int = 48) -> LinearMotion? {
        let width = min(image.width, analysisSide), height = min(image.height, analysisSide)
        let lagLimit = min(Float(maxLength), Float(min(width, height)) / 3)
        guard lagLimit >= 3 else { return nil }
        let gray = PlanePadding.crop(image.luma(), fullWidth: image.width, left: (image.width - width) / 2,
                                     top: (image.height - height) / 2, width: width, height: height)
        let (cepstrum, gridWidth, gridHeight) = windowedCepstrum(gray, width: width, height: height)
        func value(_ dx: Int, _ dy: Int) -> Float {
            cepstrum[((dy % gridHeight + gridHeight) % gridHeight) * gridWidth + (dx % gridWidth + gridWidth) % gridWidth]
        }
        // Search the half plane dy >= 0 (the cepstrum of a real image is symmetric).
        let reach = Int(lagLimit.rounded(.up))
        var best = (dx: 0, dy: 0, value: Float.infinity)
        var sum: Double = 0, sumSquares: Double = 0, count = 0
        for dy in 0...reach {
            for dx in -reach...reach {
                let radius = Float(dx * dx + dy * dy).squareRoot()
                guard radius >= 2.5, radius <= lagLimit, dy > 0 || dx > 0 else { continue }
                let v = value(dx, dy)
                sum += Double(v); sumSquares += Double(v * v); count += 1
                if v < best.value { best = (dx, dy, v) }
            }
        }
        guard count > 1 else { return nil }
        let mean = sum / Double(count)
        let deviation = (max(sumSquares / Double(count) - mean * mean, 0)).squareRoot()
        // A flat image leaves only rounding noise in the cepstrum (photos give about 6e-3).
        guard deviation > 1e-4, Float(Double(best.value) / deviation) < peakThreshold else { return nil }
        let x = Float(best.dx) + parabolicOffset(value(best.dx - 1, best.dy), best.value, value(best.dx + 1, best.dy))
        let y = Float(best.dy) + parabolicOffset(value(best.dx, best.dy - 1), best.value, value(best.dx, best.dy + 1))
        var angle = atan2(y, x) * 180 / .pi
        if angle < 0 { angle += 180 }
        if angle >= 180 { angle -= 180 }
        return LinearMotion(length: (x * x + y * y).squareRoot(), angleDegrees: angle)
    }

    /// The real cepstrum, inverse FFT of log |FFT|, of the mean-free plane under a Hann window
    /// (the window stops the image border from dominating the spectrum), zero-padded to a fast size.
    static func windowedCepstrum(_ plane: [Float], width: Int, height: Int) -> (values: [Float], width: Int, height: Int) {
        let gridWidth = FFT.fastSize(atLeast: width), gridHeight = FFT.fastSize(atLeast: height)
        let mean = plane.reduce(0, +) / Float(plane.count)
        func hann(_ i: Int, _ n: Int) -> Float { n > 1 ? Float(0.5 - 0.5 * cos(2 * Double.pi * Double(i) / Double(n - 1))) : 1 }
        let columnWindow = (0..<width).map { hann($0, width) }
        var re = [Float](repeating: 0, count: gridWidth * gridHeight), im = re
        for y in 0..<height {
            let rowWindow = hann(y, height)
            for x in 0..<width { re[y * gridWidth + x] = (plane[y * width + x] - mean) * rowWindow * columnWindow[x] }
        }
        let fft = FFT2D(width: gridWidth, height: gridHeight)
        fft.forward(re: &re, im: &im)
        for k in 0..<re.count {
            re[k] = log((re[k] * re[k] + im[k] * im[k]).squareRoot() + 1e-3)
            im[k] = 0
        }
        fft.inverse(re: &re, im: &im)
        return (re, gridWidth, gridHeight)
    }

    /// Sub-sample position of a parabola's vertex through three neighbours, in [-0.5, 0.5].
    static func parabolicOffset(_ left: Float, _ centre: Float, _ right: Float) -> Float {
        let curvature = left - 2 * centre + right
        guard curvature > 0 else { return 0 }
        return min(max(0.5 * (left - right) / curvature, -0.5), 0.5)
    }
}
