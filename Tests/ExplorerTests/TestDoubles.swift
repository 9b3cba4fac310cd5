import Foundation
import GenDegEngine
@testable import GenDegExplorer

/// Veils the image towards grey, scaled so the GenDeg mu lands near the target: a stand-in
/// for the physical models that keeps these tests independent of them.
struct VeilGenerator: DegradationGenerator {
    var name = "veil"
    var isSlow = false
    var modelFile: String? = nil
    func generate(_ request: GenerationRequest, onStep: (GenerationStep) -> Bool) throws -> GeneratedImage {
        let clean = request.clean
        let distance = clean.pixels.reduce(0.0) { $0 + Double(abs(0.5 - $1)) } / Double(clean.pixels.count)
        let amount = Float(min(1, request.targetMu / max(distance, 1e-3)))
        guard onStep(GenerationStep(index: 1, total: 1)) else { throw GenerationError.cancelled }
        return GeneratedImage(image: clean.mapped { $0 * (1 - amount) + 0.5 * amount }, intensity: Double(amount))
    }
}

/// A many-step generator that reports a preview at each step and stops when told.
final class SteppingGenerator: DegradationGenerator, @unchecked Sendable {
    let name = "stepper"
    let isSlow = true
    var modelFile: String?
    let steps: Int
    let stepDelay: useconds_t
    private let lock = NSLock()
    private var _started = 0
    var started: Int { lock.lock(); defer { lock.unlock() }; return _started }

    init(steps: Int, stepDelay: useconds_t, modelFile: String? = nil) {
        self.steps = steps
        self.stepDelay = stepDelay
        self.modelFile = modelFile
    }

    func generate(_ request: GenerationRequest, onStep: (GenerationStep) -> Bool) throws -> GeneratedImage {
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

/// Inverts the veil exactly when it knows the amount; otherwise a fixed contrast stretch.
struct StretchRestorer: Restorer {
    var name: String
    var summary = "contrast stretch (test double)"
    var targets: Set<DegradationType> = Set(DegradationType.allCases)
    func restore(_ image: RGBImage, context: RestoreContext) throws -> RGBImage {
        if context.progress?(0.5) == false { throw RestoreError.cancelled }
        return image.mapped { min(1, max(0, ($0 - 0.5) * 1.2 + 0.5)) }
    }
}

enum TestImages {
    /// A deterministic colourful 64x48 image.
    static func gradient(width: Int = 64, height: Int = 48) -> RGBImage {
        var image = RGBImage(width: width, height: height)
        for y in 0..<height {
            for x in 0..<width {
                image[0, y, x] = Float(x) / Float(width - 1)
                image[1, y, x] = Float(y) / Float(height - 1)
                image[2, y, x] = Float((x * 7 + y * 3) % 17) / 16
            }
        }
        return image
    }

    /// Writes the gradient as a PNG in a fresh temporary folder and returns its path.
    static func writeGradient(name: String = "gradient.png", width: Int = 64, height: Int = 48) throws -> String {
        let folder = try temporaryFolder()
        let path = (folder as NSString).appendingPathComponent(name)
        try ImageIO.writePNG(gradient(width: width, height: height), to: path)
        return path
    }

    static func temporaryFolder() throws -> String {
        let path = (NSTemporaryDirectory() as NSString).appendingPathComponent("gendeg-explorer-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }
}

func makeSession(paths: [String], physical: DegradationGenerator = VeilGenerator(), diffusion: DegradationGenerator? = nil,
                 restorers: [Restorer] = [StretchRestorer(name: "stretch-a"), StretchRestorer(name: "stretch-b")],
                 exportFolder: String? = nil) throws -> ExplorerSession {
    let configuration = ExplorerSession.Configuration(
        physical: physical, diffusion: diffusion, restorers: restorers, catalog: try IntensityStatsCatalog.bundled(),
        workingSize: 512, exportFolder: try exportFolder ?? TestImages.temporaryFolder())
    return ExplorerSession(imagePaths: paths, configuration: configuration)
}
