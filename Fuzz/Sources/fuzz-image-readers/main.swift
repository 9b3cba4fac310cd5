import CFuzzerDriver
import Foundation
import GenDegEngine

/// Feeds arbitrary bytes to the PNG/JPEG decoders (libpng and libjpeg behind the C shim):
/// an image or a thrown error is fine; traps, hangs and memory errors are bugs.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzImageReaders(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let bytes = start.map { Data(bytes: $0, count: count) } ?? Data()
    guard let image = try? ImageIO.decode(bytes, maxMegapixels: 4) else { return 0 }
    precondition(image.pixels.count == 3 * image.width * image.height)
    precondition(image.pixels.allSatisfy { $0 >= 0 && $0 <= 1 })
    return 0
}

var arguments = CommandLine.argc
var argumentValues: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
exit(LLVMFuzzerRunDriver(&arguments, &argumentValues, fuzzImageReaders))
