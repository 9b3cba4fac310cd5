import Foundation

/// A cheap RGB view of a latent for per-step previews: Stable Diffusion's VAE latents map
/// almost linearly to RGB (the factors below are the widely used least-squares fit).
enum LatentPreview {
    static let factors: [[Float]] = [
        [0.298, 0.207, 0.208],
        [0.187, 0.286, 0.173],
        [-0.158, 0.189, 0.264],
        [-0.184, -0.271, -0.473],
    ]

    /// The x0 estimate (scaled latent [1, 4, h, w]) as an image of the original's size.
    static func rgb(_ latent: Tensor, original: RGBImage) -> RGBImage? {
        guard latent.rank == 4, latent.shape[1] == 4 else { return nil }
        let h = latent.shape[2], w = latent.shape[3], plane = h * w
        var pixels = [Float](repeating: 0, count: 3 * plane)
        latent.data.withUnsafeBufferPointer { z in
            for c in 0..<3 {
                for i in 0..<plane {
                    var v: Float = 0
                    for k in 0..<4 { v += z[k * plane + i] * factors[k][c] }
                    pixels[c * plane + i] = min(max((v + 1) / 2, 0), 1)
                }
            }
        }
        return RGBImage(width: w, height: h, pixels: pixels).resized(width: original.width, height: original.height, filter: .bilinear)
    }
}
