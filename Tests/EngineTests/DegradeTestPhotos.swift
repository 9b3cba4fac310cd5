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
    /// the file is absent.
    static func photo(_ name: String, width: Int = 384) throws -> RGBImage {
        let key = "\(name)@\(width)"
        lock.lock()
        defer { lock.unlock() }
        if let cached = cache[key] { return cached }
        let path = "\(folder)/\(name)"
        guard FileManager.default.fileExists(atPath: path) else {
            throw XCTSkip("real photo \(path) is not installed on this machine")
        }
        let full = try ImageIO.read(path)
        let height = max(1, Int((Double(full.height) * Double(width) / Double(full.width)).rounded()))
        let factor = max(1, min(full.width / (2 * width), full.height / (2 * height)))
        let image = boxShrink(full, factor: factor).resized(width: width, height: height)
        cache[key] = image
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
