import CImageCodecs
import Foundation

/// What went wrong reading or writing an image, always naming the file.
public struct ImageIOError: Error, CustomStringConvertible, Equatable {
    public let path: String
    public let reason: String
    public var description: String { "\(path): \(reason)" }
}

/// Reads and writes images. PNG through libpng, JPEG through libjpeg-turbo.
public enum ImageIO {
    /// The largest image accepted, in megapixels; larger files are refused from their header,
    /// before any pixel is decoded. When nil, 64 unless the environment sets GENDEG_MAX_MEGAPIXELS.
    nonisolated(unsafe) public static var defaultMaxMegapixels: Double?

    static let megapixelVariable = "GENDEG_MAX_MEGAPIXELS"

    /// GENDEG_MAX_MEGAPIXELS when set (a finite number in `ParameterLimits.megapixels`, else an
    /// error naming the variable), otherwise 64.
    public static func megapixelLimit(environment: [String: String]) throws -> Double {
        guard let text = environment[megapixelVariable] else { return 64 }
        return try ParameterLimits.number(text, in: ParameterLimits.megapixels, megapixelVariable)
    }

    public static func read(_ path: String, maxMegapixels: Double? = nil) throws -> RGBImage {
        let limit = try maxMegapixels ?? defaultMaxMegapixels ?? megapixelLimit(environment: ProcessInfo.processInfo.environment)
        let data: Data
        do { data = try InputFile.read(path) } catch let error as FileError {
            throw ImageIOError(path: path, reason: error.reason)
        }
        do {
            return try decode(data, maxMegapixels: limit)
        } catch let error as ImageIOError {
            throw ImageIOError(path: path, reason: error.reason)
        }
    }

    /// Decodes PNG or JPEG bytes, chosen by signature.
    public static func decode(_ data: Data, maxMegapixels: Double? = nil) throws -> RGBImage {
        let limit = try maxMegapixels ?? defaultMaxMegapixels ?? megapixelLimit(environment: ProcessInfo.processInfo.environment)
        let maxPixels = Int64(try ParameterLimits.check(limit, in: ParameterLimits.megapixels, "maximum megapixels") * 1_000_000)
        if data.isEmpty { throw ImageIOError(path: "<memory>", reason: "file is empty") }
        let bytes = [UInt8](data)
        let isPNG = bytes.count >= 8 && bytes[0] == 0x89 && bytes[1] == 0x50 && bytes[2] == 0x4E && bytes[3] == 0x47
        let isJPEG = bytes.count >= 3 && bytes[0] == 0xFF && bytes[1] == 0xD8 && bytes[2] == 0xFF
        guard isPNG || isJPEG else {
            throw ImageIOError(path: "<memory>", reason: "unsupported format (not PNG or JPEG)")
        }
        var decoded = gd_image()
        var message = [CChar](repeating: 0, count: 512)
        let status = bytes.withUnsafeBufferPointer { buffer in
            isPNG
                ? gd_png_decode(buffer.baseAddress, buffer.count, maxPixels, &decoded, &message, message.count)
                : gd_jpeg_decode(buffer.baseAddress, buffer.count, maxPixels, &decoded, &message, message.count)
        }
        guard status == 0, let planes = decoded.planes else {
            var reason = String(cString: message)
            if reason.contains("over the limit") { reason += " (\(megapixelVariable) raises it)" }
            throw ImageIOError(path: "<memory>", reason: reason)
        }
        defer { gd_image_free(&decoded) }
        let count = 3 * Int(decoded.width) * Int(decoded.height)
        let pixels = Array(UnsafeBufferPointer(start: planes, count: count))
        return RGBImage(width: Int(decoded.width), height: Int(decoded.height), pixels: pixels)
    }

    /// Encodes an image to PNG bytes (8 or 16 bits per sample).
    public static func encodePNG(_ image: RGBImage, bitDepth: Int = 8) throws -> Data {
        var bytes: UnsafeMutablePointer<UInt8>?
        var length = 0
        var message = [CChar](repeating: 0, count: 512)
        let status = image.pixels.withUnsafeBufferPointer { planes in
            gd_png_encode(planes.baseAddress, Int32(image.width), Int32(image.height), Int32(bitDepth),
                          &bytes, &length, &message, message.count)
        }
        guard status == 0, let bytes else {
            throw ImageIOError(path: "<memory>", reason: String(cString: message))
        }
        defer { gd_buffer_free(bytes) }
        return Data(bytes: bytes, count: length)
    }

    /// Writes a PNG atomically: a temporary file beside the target, then a rename,
    /// so a crash or a full disk never leaves a partial image behind.
    public static func writePNG(_ image: RGBImage, to path: String, bitDepth: Int = 8) throws {
        let data: Data
        do { data = try encodePNG(image, bitDepth: bitDepth) } catch let error as ImageIOError {
            throw ImageIOError(path: path, reason: error.reason)
        }
        do { try AtomicFile.write(data, to: path) } catch let error as FileError {
            throw ImageIOError(path: path, reason: error.reason)
        }
    }
}
