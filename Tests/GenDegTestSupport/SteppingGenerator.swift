import Foundation
import GenDegEngine

/// A many-step generator that reports a preview at each step and stops when told.
public final class SteppingGenerator: DegradationGenerator, @unchecked Sendable {
    public let name = "stepper"
    public var modelFile: String?
    public let steps: Int
    public let stepDelay: useconds_t
    private let lock = NSLock()
    private var _started = 0
    public var started: Int { lock.lock(); defer { lock.unlock() }; return _started }

    public init(steps: Int, stepDelay: useconds_t, modelFile: String? = nil) {
        self.steps = steps
        self.stepDelay = stepDelay
        self.modelFile = modelFile
    }

    public func generate(_ request: GenerationRequest, onStep: (GenerationStep) -> Bool) throws -> GeneratedImage {
        lock.lock(); _started += 1; lock.unlock()
        var image = request.clean
        for step in 1...steps {
            usleep(stepDelay)
            image = image.mapped { $0 * 0.95 }
            guard onStep(GenerationStep(index: step, total: steps, preview: image)) else { throw GenerationError.cancelled }
        }
        return GeneratedImage(image: image)
    }
}
