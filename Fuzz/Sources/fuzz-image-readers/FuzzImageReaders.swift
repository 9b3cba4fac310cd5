import Foundation
import GenDegEngine

/// libFuzzer entry: any bytes through the PNG/JPEG decoders must give an image or a thrown
/// error, never a crash, hang or sanitizer report.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzImageReaders(_ bytes: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let data = Data(bytes: bytes, count: count)
    if let image = try? ImageIO.decode(data, maxMegapixels: 4) {
        precondition(image.pixels.count == 3 * image.width * image.height)
        precondition(image.pixels.allSatisfy { $0 >= 0 && $0 <= 1 })
    }
    return 0
}
