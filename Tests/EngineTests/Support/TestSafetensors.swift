import Foundation
import XCTest
@testable import GenDegEngine

/// Minimal float32 safetensors reader for golden fixtures (8-byte little-endian header
/// length, JSON header {name: {dtype, shape, data_offsets}}, raw data).
enum TestSafetensors {
    struct FormatError: Error, CustomStringConvertible { let description: String }

    static func load(_ url: URL) throws -> [String: Tensor] {
        let bytes = try Data(contentsOf: url)
        guard bytes.count >= 8 else { throw FormatError(description: "\(url.lastPathComponent): truncated") }
        let headerLength = bytes.prefix(8).enumerated().reduce(0) { $0 | Int($1.element) << (8 * $1.offset) }
        guard 8 + headerLength <= bytes.count,
              let header = try JSONSerialization.jsonObject(with: bytes.subdata(in: 8..<(8 + headerLength))) as? [String: Any]
        else { throw FormatError(description: "\(url.lastPathComponent): bad header") }
        let base = 8 + headerLength
        var tensors: [String: Tensor] = [:]
        for (name, value) in header where name != "__metadata__" {
            guard let entry = value as? [String: Any], entry["dtype"] as? String == "F32",
                  let shape = entry["shape"] as? [Int], let offsets = entry["data_offsets"] as? [Int], offsets.count == 2,
                  base + offsets[1] <= bytes.count
            else { throw FormatError(description: "\(name): unsupported entry \(value)") }
            let count = (offsets[1] - offsets[0]) / 4
            var values = [Float](repeating: 0, count: count)
            values.withUnsafeMutableBytes { dst in
                bytes.copyBytes(to: dst, from: (base + offsets[0])..<(base + offsets[1]))
            }
            tensors[name] = Tensor(shape: shape, data: values)
        }
        return tensors
    }

    /// A fixture under Fixtures/nn/.
    static func fixture(_ name: String) throws -> [String: Tensor] {
        guard let url = Bundle.module.url(forResource: "Fixtures/nn/\(name)", withExtension: "safetensors") else {
            throw FormatError(description: "fixture nn/\(name).safetensors not bundled")
        }
        return try load(url)
    }

    /// The tensors whose names start with `prefix.`, with the prefix removed.
    static func scope(_ tensors: [String: Tensor], _ prefix: String) -> [String: Tensor] {
        var out: [String: Tensor] = [:]
        for (k, v) in tensors where k.hasPrefix(prefix + ".") { out[String(k.dropFirst(prefix.count + 1))] = v }
        return out
    }
}

/// Asserts max |actual - expected| <= tolerance x max |expected| (scale floor 1).
func assertClose(_ actual: Tensor, _ expected: Tensor, relative tolerance: Float = 1e-4, _ what: String,
                 file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertEqual(actual.shape, expected.shape, "\(what): shape", file: file, line: line)
    guard actual.shape == expected.shape else { return }
    var worst: Float = 0
    for i in 0..<actual.count { worst = max(worst, abs(actual.data[i] - expected.data[i])) }
    let scale = max(expected.maxAbs, 1e-6)
    XCTAssertLessThanOrEqual(worst, tolerance * scale, "\(what): max abs error \(worst) vs scale \(scale)",
                             file: file, line: line)
}
