import XCTest
@testable import GenDegEngine

/// Real photos for the degradation tests, shrunk for speed (decoded once per test run).
enum DegradeTestPhotos {
    /// Detailed, well-exposed outdoor and indoor scenes: like the clean images of the real
    /// datasets, they have texture to blur, light to lose and darker areas for rain and snow
    /// to show on (flat skies, white walls or dark photos cannot show some degradations at
    /// full real-world strength).
    static let typicalNames = [
        "life_by_Aitzol_Berasategi.jpg",
        "picosdeeuropa_by_Aitzol_Berasategi.jpg",
        "Wine_by_Jakkub_Mede.jpg",
    ]
    static let folder = "/usr/share/backgrounds"

    nonisolated(unsafe) private static var cache: [String: RGBImage] = [:]
    private static let lock = NSLock()

    /// The photo `name` from /usr/share/backgrounds, `width` pixels wide; skips the test when
    /// the file is absent (fails it under GENDEG_REQUIRE_PHOTOS=1).
    static func photo(_ name: String, width: Int = 384) throws -> RGBImage {
        let key = "\(name)@\(width)"
        lock.lock()
        defer { lock.unlock() }
        if let cached = cache[key] { return cached }
        let path = "\(folder)/\(name)"
        guard FileManager.default.fileExists(atPath: path) else {
            throw RealPhotoRequirement.missing(path)
        }
        let full = try ImageIO.read(path)
        let height = max(1, Int((Double(full.height) * Double(width) / Double(full.width)).rounded()))
        let factor = max(1, min(full.width / (2 * width), full.height / (2 * height)))
        let image = boxShrink(full, factor: factor).resized(width: width, height: height)
        cache[key] = image
        return image
    }

    /// A small made-up scene that needs no files: a bright sky gradient over darker, textured
    /// ground, with a few hard-edged shapes, so every degradation has something to change.
    static func syntheticScene(width: Int, height: Int) -> RGBImage {
        var image = RGBImage(width: width, height: height)
        var random = SeededRandom(seed: 99)
        let horizon = height * 2 / 5
        for y in 0..<height {
            for x in 0..<width {
                let sky = y < horizon
                let v = Float(y) / Float(max(height - 1, 1))
                let texture = random.uniform() * 0.25
                var rgb: (Float, Float, Float) = sky
                    ? (0.55 + 0.2 * v, 0.7 + 0.15 * v, 0.95)
                    : (0.25 + texture, 0.35 + texture, 0.15 + texture * 0.5)
                if (x / 9 + y / 7) % 5 == 0 && !sky { rgb = (0.8, 0.75, 0.7) }
                if x > width / 2 && x < width / 2 + width / 8 && y > horizon / 2 { rgb = (0.1, 0.1, 0.12) }
                image[0, y, x] = rgb.0
                image[1, y, x] = rgb.1
                image[2, y, x] = rgb.2
            }
        }
        return image
    }

    /// Averages factor x factor blocks (a cheap first step before the Lanczos resize).
    private static func boxShrink(_ image: RGBImage, factor: Int) -> RGBImage {
        guard factor > 1 else { return image }
        let w = image.width / factor, h = image.height / factor
        var pixels = [Float](repeating: 0, count: 3 * w * h)
        let norm = 1 / Float(factor * factor)
        image.pixels.withUnsafeBufferPointer { src in
            pixels.withUnsafeMutableBufferPointer { dst in
                for c in 0..<3 {
                    for y in 0..<h {
                        for x in 0..<w {
                            var sum: Float = 0
                            for dy in 0..<factor {
                                let row = c * image.width * image.height + (y * factor + dy) * image.width + x * factor
                                for dx in 0..<factor { sum += src[row + dx] }
                            }
                            dst[c * w * h + y * w + x] = sum * norm
                        }
                    }
                }
            }
        }
        return RGBImage(width: w, height: h, pixels: pixels)
    }
}
