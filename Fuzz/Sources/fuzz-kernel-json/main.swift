import CFuzzerDriver
import Foundation
import GenDegEngine

/// Feeds arbitrary bytes to the blur kernel reader (`restore --kernel`), then deconvolves a
/// small image with every kernel it accepts. Errors are expected; traps and memory errors are bugs.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzKernelJSON(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let bytes = start.map { Data(bytes: $0, count: count) } ?? Data()
    guard let kernel = try? BlurKernelFile.parse(bytes, file: "fuzz.json") else { return 0 }
    let image = RGBImage(width: 12, height: 9, fill: 0.5)
    guard (try? BlurKernelFile.check(kernel, fitsWidth: image.width, height: image.height, file: nil)) != nil else { return 0 }
    let restored = try? WienerDeblur().restore(image, context: RestoreContext(knownKernel: kernel))
    if let restored, !restored.pixels.allSatisfy({ $0.isFinite }) { fatalError("non-finite pixels from an accepted kernel") }
    return 0
}

var arguments = CommandLine.argc
var argumentValues: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
exit(LLVMFuzzerRunDriver(&arguments, &argumentValues, fuzzKernelJSON))
