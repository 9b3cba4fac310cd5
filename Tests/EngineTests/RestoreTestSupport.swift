import Foundation
import XCTest
@testable import GenDegEngine

/// Clean photos and hand-made degradations for the restorer tests (independent of gendeg's own
/// degradation models, so these tests check the restorers alone).
enum RestoreTestImages {
    static let photoPaths = [
        "/usr/share/backgrounds/aitzgorri_by_Aitzol_Berasategi.jpg",
        "/usr/share/backgrounds/life_by_Aitzol_Berasategi.jpg",
        "/usr/share/backgrounds/picosdeeuropa_by_Aitzol_Berasategi.jpg",
        "/usr/share/backgrounds/Dragonfly_by_Bolly.jpg",
    ]

    /// A real photo resized so its longer side is `side`; skips the test when it is absent (fails it under GENDEG_REQUIRE_PHOTOS=1).
    static func photo(_ index: Int = 0, side: Int = 256) throws -> RGBImage {
        let path = photoPaths[index]
        guard FileManager.default.fileExists(atPath: path) else {
            throw RealPhotoRequirement.missing(path)
        }
        let image = try ImageIO.read(path)
        let scale = Double(side) / Double(max(image.width, image.height))
        return image.resized(width: max(1, Int(Double(image.width) * scale)), height: max(1, Int(Double(image.height) * scale)))
            .clamped()
    }

    /// Haze by the scattering model I = J t + A (1 - t), t = exp(-beta d), depth growing upward.
    static func hazy(_ clean: RGBImage, beta: Float = 1.6, light: [Float] = [0.85, 0.87, 0.9]) -> RGBImage {
        var out = clean
        let n = clean.planeSize
        for y in 0..<clean.height {
            let depth = 0.3 + 0.7 * (1 - Float(y) / Float(max(1, clean.height - 1)))
            let t = exp(-beta * depth)
            for x in 0..<clean.width {
                for c in 0..<3 {
                    let i = c * n + y * clean.width + x
                    out.pixels[i] = clean.pixels[i] * t + light[c] * (1 - t)
                }
            }
        }
        return out
    }

    /// Low light: a gamma curve, a scale, and a little Gaussian noise.
    static func dark(_ clean: RGBImage, gamma: Float = 1.8, scale: Float = 0.35, noise: Float = 0.005, seed: UInt64 = 7) -> RGBImage {
        var random = SeededRandom(seed: seed)
        return clean.mapped { v in pow(v, gamma) * scale + noise * random.normal() }.clamped()
    }

    /// The image convolved with `kernel` (edge replication), exactly as the restorers model blur.
    static func blurred(_ clean: RGBImage, kernel: BlurKernel) -> RGBImage {
        let convolver = KernelConvolver(kernel: kernel, width: clean.width, height: clean.height)
        let planes = convolver.apply((0..<3).map { clean.plane($0) })
        var out = clean
        for c in 0..<3 { out.setPlane(c, planes[c]) }
        return out
    }

    /// A camera-shake kernel: a smoothed random walk of `steps` steps, splatted bilinearly.
    static func randomWalkKernel(size: Int = 15, steps: Int = 60, seed: UInt64 = 3) -> BlurKernel {
        var random = SeededRandom(seed: seed)
        var weights = [Float](repeating: 0, count: size * size)
        var x = Float(size / 2), y = Float(size / 2), vx: Float = 0.5, vy: Float = 0.1
        for _ in 0..<steps {
            vx = 0.8 * vx + 0.35 * random.normal(); vy = 0.8 * vy + 0.35 * random.normal()
            x = min(max(x + 0.5 * vx, 1), Float(size - 2)); y = min(max(y + 0.5 * vy, 1), Float(size - 2))
            let x0 = Int(x), y0 = Int(y), fx = x - Float(x0), fy = y - Float(y0)
            weights[y0 * size + x0] += (1 - fx) * (1 - fy); weights[y0 * size + x0 + 1] += fx * (1 - fy)
            weights[(y0 + 1) * size + x0] += (1 - fx) * fy; weights[(y0 + 1) * size + x0 + 1] += fx * fy
        }
        let total = weights.reduce(0, +)
        return BlurKernel(size: size, weights: weights.map { $0 / total })
    }

    /// Rain: many thin, slanted, semi-transparent white streaks; snow: small bright dots.
    static func rainy(_ clean: RGBImage, streaks: Int = 160, seed: UInt64 = 11) -> RGBImage {
        var random = SeededRandom(seed: seed)
        var out = clean
        let n = clean.planeSize
        for _ in 0..<streaks {
            let length = random.uniform(8...24), angle = random.uniform(70...80) * Float.pi / 180
            let alpha = random.uniform(0.5...0.85)
            let x0 = random.uniform(0...Float(clean.width)), y0 = random.uniform(0...Float(clean.height))
            for s in 0..<Int(length * 2) {
                let x = Int(x0 + Float(s) * 0.5 * cos(angle)), y = Int(y0 + Float(s) * 0.5 * sin(angle))
                guard x >= 0, x < clean.width, y >= 0, y < clean.height else { continue }
                for c in 0..<3 {
                    let i = c * n + y * clean.width + x
                    out.pixels[i] = clean.pixels[i] * (1 - alpha) + alpha
                }
            }
        }
        return out
    }

    static func snowy(_ clean: RGBImage, flakes: Int = 300, seed: UInt64 = 13) -> RGBImage {
        var random = SeededRandom(seed: seed)
        var out = clean
        let n = clean.planeSize
        for _ in 0..<flakes {
            let cx = random.uniform(0...Float(clean.width)), cy = random.uniform(0...Float(clean.height))
            let radius = random.uniform(0.7...1.6), alpha = random.uniform(0.6...0.95)
            for y in max(0, Int(cy - 2))..<min(clean.height, Int(cy + 3)) {
                for x in max(0, Int(cx - 2))..<min(clean.width, Int(cx + 3)) {
                    let d = ((Float(x) - cx) * (Float(x) - cx) + (Float(y) - cy) * (Float(y) - cy)).squareRoot()
                    let a = alpha * min(max(radius + 0.5 - d, 0), 1)
                    for c in 0..<3 {
                        let i = c * n + y * clean.width + x
                        out.pixels[i] = out.pixels[i] * (1 - a) + a
                    }
                }
            }
        }
        return out
    }

    /// Writes PNGs for a person to look at when RESTORE_LOOK_DIR is set.
    static func look(_ name: String, _ image: RGBImage) {
        guard let folder = ProcessInfo.processInfo.environment["RESTORE_LOOK_DIR"] else { return }
        try? ImageIO.writePNG(image, to: folder + "/" + name + ".png", bitDepth: 8)
    }
}
