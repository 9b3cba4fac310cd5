import Foundation

/// Full-reference quality metrics between a reference (clean) image and a test image.
public enum ImageMetrics {
    /// PSNR over all RGB samples, data range 1. Identical images give +infinity.
    public static func psnr(_ reference: RGBImage, _ test: RGBImage) -> Double {
        precondition(reference.width == test.width && reference.height == test.height, "PSNR needs images of one size")
        var sum = 0.0
        reference.pixels.withUnsafeBufferPointer { a in
            test.pixels.withUnsafeBufferPointer { b in
                for i in 0..<a.count {
                    let d = Double(a[i]) - Double(b[i])
                    sum += d * d
                }
            }
        }
        return psnr(mse: sum / Double(reference.pixels.count))
    }

    /// PSNR on the luma channel Y of ITU-R BT.601 YCbCr (16..235), as BasicSR and most
    /// restoration papers report it.
    public static func psnrY(_ reference: RGBImage, _ test: RGBImage) -> Double {
        precondition(reference.width == test.width && reference.height == test.height, "PSNR needs images of one size")
        let a = studioLuma(reference), b = studioLuma(test)
        var sum = 0.0
        for i in 0..<a.count {
            let d = a[i] - b[i]
            sum += d * d
        }
        return psnr(mse: sum / Double(a.count))
    }

    static func psnr(mse: Double) -> Double {
        mse == 0 ? .infinity : 10 * log10(1 / mse)
    }

    static func studioLuma(_ image: RGBImage) -> [Double] {
        let n = image.planeSize
        var luma = [Double](repeating: 0, count: n)
        image.pixels.withUnsafeBufferPointer { p in
            for i in 0..<n {
                let r = 65.481 * Double(p[i]), g = 128.553 * Double(p[n + i]), b = 24.966 * Double(p[2 * n + i])
                luma[i] = (r + g + b + 16) / 255
            }
        }
        return luma
    }
}
