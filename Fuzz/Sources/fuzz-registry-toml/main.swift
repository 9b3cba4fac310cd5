import CFuzzerDriver
import Foundation
import GenDegEngine

/// Feeds arbitrary bytes, as text, to the restorer registry reader (the TOML subset and the
/// registry's checks on top). Errors are expected; traps, stack overflows and memory errors are bugs.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzRegistryTOML(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let bytes = start.map { UnsafeBufferPointer(start: $0, count: count) } ?? UnsafeBufferPointer(start: nil, count: 0)
    let text = String(decoding: bytes, as: UTF8.self)
    guard let entries = try? RestorerRegistryFile.parse(text, file: "fuzz.toml", baseFolder: "/fuzz") else { return 0 }
    for entry in entries { _ = TerminalText.escaped(entry.summary ?? entry.name) }
    return 0
}

var arguments = CommandLine.argc
var argumentValues: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
exit(LLVMFuzzerRunDriver(&arguments, &argumentValues, fuzzRegistryTOML))
