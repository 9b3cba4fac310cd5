import Foundation

/// The weight loader: named tensors whose shapes are known before any value is read, fetched on
/// demand. Checkpoint wrappers (`params`, `params_ema`, `state_dict`, `model_state_dict`) are
/// unwrapped by `CheckpointFile`; `open` removes the `module.` (DataParallel) and `net.` /
/// `model.` / `net_g.` prefixes. Every model loads through it. In strict mode (the restorers,
/// like BasicSR's `strict_load_g: true`) shapes must match exactly and `checkAllUsed` refuses
/// leftover tensors; in lenient mode (the diffusion model's components, whose checkpoints carry
/// EMA copies and other parts) a 1x1 convolution kernel may stand in for a linear weight,
/// leftovers are ignored and the source's own errors pass through.
final class WeightLoader: WeightSource {
    let source: String
    let strict: Bool
    private let shapes: [String: [Int]]
    private let fetch: (String) throws -> Tensor
    private var used: Set<String> = []

    static let strippablePrefixes = ["module.", "net.", "model.", "net_g."]

    init(source: String, shapes: [String: [Int]], strict: Bool = true, fetch: @escaping (String) throws -> Tensor) {
        self.source = source
        self.strict = strict
        self.shapes = shapes
        self.fetch = fetch
    }

    /// A diffusion model's component (lenient: its errors pass through unchanged).
    convenience init(lenient component: ComponentWeights) {
        var shapes: [String: [Int]] = [:]
        for name in component.names { shapes[name] = component.info(name)?.shape }
        self.init(source: component.file.path, shapes: shapes, strict: false, fetch: component.tensor)
    }

    /// Opens a checkpoint (safetensors or PyTorch zip, through the safe unpickler).
    static func open(_ path: String, strict: Bool = true) throws -> WeightLoader {
        let file: CheckpointFile
        do { file = try CheckpointFile.open(path) } catch {
            throw ModelLoadError.unreadableCheckpoint(path: path, reason: "\(error)")
        }
        let shapes = floatingPointShapes(file)
        let renamed = stripPrefixes(Array(shapes.keys))
        var strippedShapes: [String: [Int]] = [:]
        var original: [String: String] = [:]
        for (name, stripped) in renamed {
            strippedShapes[stripped] = shapes[name]
            original[stripped] = name
        }
        return WeightLoader(source: path, shapes: strippedShapes, strict: strict) { name in
            try file.tensor(original[name] ?? name)
        }
    }

    /// The shapes of the checkpoint's floating-point tensors, under their names in the file
    /// (integer buffers such as BatchNorm's `num_batches_tracked` are no weights).
    static func floatingPointShapes(_ file: CheckpointFile) -> [String: [Int]] {
        var shapes: [String: [Int]] = [:]
        for name in file.names {
            guard let info = file.info(name), info.dtype.isFloatingPoint else { continue }
            shapes[name] = info.shape
        }
        return shapes
    }

    /// Maps each name to itself minus the prefixes every name shares (`module.net.conv` -> `conv`).
    static func stripPrefixes(_ names: [String]) -> [(String, String)] {
        var current = names.map { ($0, $0) }
        while let prefix = strippablePrefixes.first(where: { p in !current.isEmpty && current.allSatisfy { $0.1.hasPrefix(p) } }) {
            current = current.map { ($0.0, String($0.1.dropFirst(prefix.count))) }
        }
        return current
    }

    var names: [String] { Array(shapes.keys) }
    var allShapes: [String: [Int]] { shapes }

    func shape(_ name: String) -> [Int]? { shapes[name] }
    func has(_ name: String) -> Bool { shapes[name] != nil }

    /// The tensor `name` (WeightSource), read on demand; a strict load counts it as used.
    func tensor(_ name: String) throws -> Tensor {
        guard strict else { return try fetch(name) }
        guard shapes[name] != nil else { throw ModelLoadError.missingTensor(name, checkpoint: source) }
        return try read(name)
    }

    /// The tensor `name` with `shape`: exactly that shape in strict mode, else as any `WeightSource`.
    func tensor(_ name: String, shape expected: [Int]) throws -> Tensor {
        guard strict else { return try lenientlyShaped(tensor(name), name: name, as: expected) }
        guard let shape = shapes[name] else {
            throw ModelLoadError.missingTensor(name, checkpoint: source)
        }
        guard shape == expected else {
            throw ModelLoadError.shapeMismatch(name, expected: expected, actual: shape, checkpoint: source)
        }
        return try read(name)
    }

    /// Reads a tensor of a strict load; failures name the checkpoint.
    private func read(_ name: String) throws -> Tensor {
        used.insert(name)
        do { return try fetch(name) } catch let error as CheckpointError {
            if case .nonFiniteWeights = error { throw error }
            throw ModelLoadError.unreadableCheckpoint(path: source, reason: "\(name): \(error)")
        } catch let error as ModelLoadError {
            throw error
        } catch {
            throw ModelLoadError.unreadableCheckpoint(path: source, reason: "\(name): \(error)")
        }
    }

    /// The values of `name`, which must have `shape`.
    func take(_ name: String, shape expected: [Int]) throws -> [Float] {
        try tensor(name, shape: expected).data
    }

    /// The values of `name` if the checkpoint has it (optional biases).
    func takeIfPresent(_ name: String, shape: [Int]) throws -> [Float]? {
        has(name) ? try take(name, shape: shape) : nil
    }

    /// Throws when tensors were left over: the checkpoint is not exactly this architecture.
    func checkAllUsed(architecture: String) throws {
        let left = Set(shapes.keys).subtracting(used).sorted()
        guard left.isEmpty else {
            throw ModelLoadError.unexpectedTensors(left, architecture: architecture, checkpoint: source)
        }
    }

    // Layer builders shared by the architectures.

    func conv(_ prefix: String, out: Int, in inputs: Int, kernel: Int, stride: Int = 1, padding: Int = 0,
              bias: Bool? = nil) throws -> DenseConv {
        let weight = try take(prefix + ".weight", shape: [out, inputs, kernel, kernel])
        let biasValues: [Float]?
        switch bias {
        case true?: biasValues = try take(prefix + ".bias", shape: [out])
        case false?: biasValues = nil
        case nil: biasValues = try takeIfPresent(prefix + ".bias", shape: [out])
        }
        return try DenseConv(outChannels: out, inChannels: inputs, kernel: kernel, stride: stride, padding: padding,
                             weight: weight, bias: biasValues)
    }

    func depthwise(_ prefix: String, channels: Int, bias: Bool? = nil) throws -> DepthwiseConv3x3 {
        let weight = try take(prefix + ".weight", shape: [channels, 1, 3, 3])
        let biasValues: [Float]?
        switch bias {
        case true?: biasValues = try take(prefix + ".bias", shape: [channels])
        case false?: biasValues = nil
        case nil: biasValues = try takeIfPresent(prefix + ".bias", shape: [channels])
        }
        return DepthwiseConv3x3(channels: channels, weight: weight, bias: biasValues)
    }

    /// Output channels of a convolution weight, or nil when absent.
    func outChannels(_ prefix: String) -> Int? { shapes[prefix + ".weight"]?.first }
    func inChannels(_ prefix: String) -> Int? {
        guard let s = shapes[prefix + ".weight"], s.count >= 2 else { return nil }
        return s[1]
    }

    /// The length of a numbered sequence (`encoders.0`, `encoders.1`, ...), as spandrel's get_seq_len.
    func sequenceLength(_ prefix: String) -> Int {
        Self.sequenceLength(prefix, in: names)
    }

    static func sequenceLength(_ prefix: String, in names: [String]) -> Int {
        let start = prefix + "."
        var highest = -1
        for name in names where name.hasPrefix(start) {
            let rest = name.dropFirst(start.count)
            if let index = Int(rest.prefix { $0 != "." }) { highest = max(highest, index) }
        }
        return highest + 1
    }
}
