import Foundation
import GenDegEngine

/// Images the session and explorer tests write and compare against.
public enum TestImages {
    /// A deterministic colourful 64x48 image.
    public static func gradient(width: Int = 64, height: Int = 48) -> RGBImage {
        var image = RGBImage(width: width, height: height)
        for y in 0..<height {
            for x in 0..<width {
                image[0, y, x] = Float(x) / Float(width - 1)
                image[1, y, x] = Float(y) / Float(height - 1)
                image[2, y, x] = Float((x * 7 + y * 3) % 17) / 16
            }
        }
        return image
    }

    /// Writes the gradient as a PNG in a fresh temporary folder and returns its path.
    public static func writeGradient(name: String = "gradient.png", width: Int = 64, height: Int = 48) throws -> String {
        let folder = try temporaryFolder()
        let path = (folder as NSString).appendingPathComponent(name)
        try ImageIO.writePNG(gradient(width: width, height: height), to: path)
        return path
    }

    public static func temporaryFolder() throws -> String {
        let path = (NSTemporaryDirectory() as NSString).appendingPathComponent("gendeg-explorer-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }
}
