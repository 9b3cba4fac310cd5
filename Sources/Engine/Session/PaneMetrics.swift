/// Full-reference quality of an output's image against the clean image.
public struct PaneMetrics: Equatable, Codable, Sendable {
    public var psnr: Double
    public var ssim: Double

    public init(psnr: Double, ssim: Double) {
        self.psnr = psnr
        self.ssim = ssim
    }

    public static func measure(clean: RGBImage, image: RGBImage) -> PaneMetrics {
        PaneMetrics(psnr: ImageMetrics.psnr(clean, image), ssim: SSIM.ssim(clean, image))
    }
}
