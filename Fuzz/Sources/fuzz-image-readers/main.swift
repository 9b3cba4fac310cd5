import CFuzzerDriver
import Foundation
import GenDegEngine

/// Feeds arbitrary bytes to the PNG/JPEG decoders (libpng and libjpeg behind the C shim):
/// an image or a thrown error is fine; traps, hangs and memory errors are bugs.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzImageReaders(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    var bytes = start.map { [UInt8](UnsafeBufferPointer(start: $0, count: count)) } ?? []
    // Half of the inputs (by length) get valid chunk CRCs, so mutations reach libpng's chunk
    // parsers; the other half keep their bytes, so the CRC error paths stay fuzzed too.
    if count % 2 == 0 { bytes = PNGChunkRepair.repaired(bytes) }
    guard let image = try? ImageIO.decode(Data(bytes), maxMegapixels: 4) else { return 0 }
    precondition(image.pixels.count == 3 * image.width * image.height)
    precondition(image.pixels.allSatisfy { $0 >= 0 && $0 <= 1 })
    return 0
}

var arguments = CommandLine.argc
var argumentValues: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
exit(LLVMFuzzerRunDriver(&arguments, &argumentValues, fuzzImageReaders))
