import Foundation

/// Structural similarity, computed exactly as scikit-image's
/// `structural_similarity(a, b, gaussian_weights=True, sigma=1.5, use_sample_covariance=False,
/// data_range=1.0, channel_axis=-1)`: an 11x11 Gaussian window (truncate 3.5) applied with
/// scipy's 'reflect' boundary, the SSIM map averaged after cropping 5 pixels from each side,
/// then averaged over the three channels.
public enum SSIM {
    static let sigma = 1.5
    static let radius = Int(3.5 * sigma + 0.5)

    static let kernel: [Double] = {
        let taps = (-radius...radius).map { exp(-0.5 * Double($0 * $0) / (sigma * sigma)) }
        let total = taps.reduce(0, +)
        return taps.map { $0 / total }
    }()

    public static func ssim(_ reference: RGBImage, _ test: RGBImage) -> Double {
        precondition(reference.width == test.width && reference.height == test.height, "SSIM needs images of one size")
        var total = 0.0
        for c in 0..<3 {
            total += channelSSIM(reference.plane(c).map(Double.init), test.plane(c).map(Double.init),
                                 width: reference.width, height: reference.height)
        }
        return total / 3
    }

    /// Mean SSIM of one channel.
    public static func channelSSIM(_ x: [Double], _ y: [Double], width: Int, height: Int) -> Double {
        let c1 = 0.01 * 0.01, c2 = 0.03 * 0.03
        let n = x.count
        var xx = [Double](repeating: 0, count: n), yy = xx, xy = xx
        for i in 0..<n {
            xx[i] = x[i] * x[i]
            yy[i] = y[i] * y[i]
            xy[i] = x[i] * y[i]
        }
        let ux = gaussianFilter(x, width: width, height: height)
        let uy = gaussianFilter(y, width: width, height: height)
        let uxx = gaussianFilter(xx, width: width, height: height)
        let uyy = gaussianFilter(yy, width: width, height: height)
        let uxy = gaussianFilter(xy, width: width, height: height)
        let pad = radius
        guard width > 2 * pad, height > 2 * pad else { return .nan }
        var sum = 0.0
        for row in pad..<(height - pad) {
            for col in pad..<(width - pad) {
                let i = row * width + col
                let vx = uxx[i] - ux[i] * ux[i]
                let vy = uyy[i] - uy[i] * uy[i]
                let vxy = uxy[i] - ux[i] * uy[i]
                let a1 = 2 * ux[i] * uy[i] + c1, a2 = 2 * vxy + c2
                let b1 = ux[i] * ux[i] + uy[i] * uy[i] + c1, b2 = vx + vy + c2
                sum += (a1 * a2) / (b1 * b2)
            }
        }
        return sum / Double((width - 2 * pad) * (height - 2 * pad))
    }

    /// scipy.ndimage.gaussian_filter with mode='reflect' (half-sample symmetric: d c b a | a b c d).
    static func gaussianFilter(_ input: [Double], width: Int, height: Int) -> [Double] {
        var temp = [Double](repeating: 0, count: input.count)
        var output = temp
        let r = radius
        for y in 0..<height {
            for x in 0..<width {
                var s = 0.0
                for k in -r...r { s += kernel[k + r] * input[y * width + reflect(x + k, width)] }
                temp[y * width + x] = s
            }
        }
        for y in 0..<height {
            for x in 0..<width {
                var s = 0.0
                for k in -r...r { s += kernel[k + r] * temp[reflect(y + k, height) * width + x] }
                output[y * width + x] = s
            }
        }
        return output
    }

    @inline(__always) static func reflect(_ i: Int, _ n: Int) -> Int {
        if n == 1 { return 0 }
        var i = i
        let period = 2 * n
        i = ((i % period) + period) % period
        return i < n ? i : period - 1 - i
    }
}
