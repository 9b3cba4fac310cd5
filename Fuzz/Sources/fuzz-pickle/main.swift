import CFuzzerDriver
import Foundation
import GenDegEngine

/// Feeds arbitrary bytes to the safe unpickler, then to the state-dict extraction that
/// walks the resulting object graph. Errors are expected; traps and memory errors are bugs.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSafePickle(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let bytes = start.map { Data(bytes: $0, count: count) } ?? Data()
    guard let graph = try? SafePickle.load(bytes: bytes) else { return 0 }
    _ = graph.render(graph.root)
    guard let state = try? TorchStateDict(graph: graph) else { return 0 }
    _ = state.entries.count
    _ = state.metadata.count
    return 0
}

var arguments = CommandLine.argc
var argumentValues: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
exit(LLVMFuzzerRunDriver(&arguments, &argumentValues, fuzzSafePickle))
