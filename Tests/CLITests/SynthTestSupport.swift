import Foundation
import XCTest

/// Reading what `gendeg synth` wrote, for the synth tests.
enum SynthOutput {
    /// The manifest's lines as JSON objects (null values as NSNull).
    static func manifestLines(_ path: String) throws -> [[String: Any]] {
        try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map {
            try XCTUnwrap(JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
    }

    /// Relative path -> bytes of every image in an output folder.
    static func images(in out: String) throws -> [String: Data] {
        var result: [String: Data] = [:]
        let enumerator = FileManager.default.enumerator(atPath: out)!
        while let relative = enumerator.nextObject() as? String {
            if relative.hasSuffix(".png") { result[relative] = FileManager.default.contents(atPath: "\(out)/\(relative)") }
        }
        return result
    }

    /// Temporary or partial files (hidden names, ".tmp", ".link-").
    static func leftovers(in out: String) -> [String] {
        let enumerator = FileManager.default.enumerator(atPath: out)!
        var found: [String] = []
        while let relative = enumerator.nextObject() as? String {
            let name = (relative as NSString).lastPathComponent
            if name.hasPrefix(".") || name.contains(".tmp") || name.contains(".link-") { found.append(relative) }
        }
        return found
    }

    /// Every key a manifest line must have (absent values are null, never left out).
    static let manifestKeys: Set<String> = [
        "id", "input", "target", "type", "index", "target_mu", "target_sigma", "measured_mu", "measured_sigma", "intensity",
        "dataset", "intensity_source", "clamped_to_reach", "generator", "synthetic", "model_sha256", "steps", "sampler", "cfg_text",
        "cfg_image", "seed", "run_seed", "source_path", "source_sha256", "gendeg_version", "preset", "caption", "prompt",
    ]
}
