import Foundation
import GenDegEngine

/// Veils the image towards grey, scaled so the GenDeg mu lands near the target: a stand-in
/// for the physical models that keeps these tests independent of them.
public struct VeilGenerator: DegradationGenerator {
    public var name = "veil"
    public var modelFile: String? = nil

    public init() {}

    public func generate(_ request: GenerationRequest, onStep: (GenerationStep) -> Bool) throws -> GeneratedImage {
        let clean = request.clean
        let distance = clean.pixels.reduce(0.0) { $0 + Double(abs(0.5 - $1)) } / Double(clean.pixels.count)
        let amount = Float(min(1, request.targetMu / max(distance, 1e-3)))
        guard onStep(GenerationStep(index: 1, total: 1)) else { throw GenerationError.cancelled }
        return GeneratedImage(image: clean.mapped { $0 * (1 - amount) + 0.5 * amount }, intensity: Double(amount))
    }
}
