import CFuzzerDriver
import Foundation
import GenDegEngine

/// Feeds arbitrary bytes to the container parsers (safetensors, and the PyTorch zip path
/// when the bytes start with a zip signature), then reads every tensor it accepted and
/// renders the inspection report. Errors are expected; traps and memory errors are bugs.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCheckpointFile(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let bytes = start.map { Data(bytes: $0, count: count) } ?? Data()
    guard let file = try? CheckpointFile.parse(bytes: bytes) else { return 0 }
    for name in file.names {
        _ = file.info(name)
        _ = try? file.tensor(name)
    }
    _ = ModelInspection.inspect(file).render()
    return 0
}

var arguments = CommandLine.argc
var argumentValues: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
exit(LLVMFuzzerRunDriver(&arguments, &argumentValues, fuzzCheckpointFile))
