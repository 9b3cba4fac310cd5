import Foundation

/// The tensors of a restorer checkpoint under their architecture names: wrappers (`params`,
/// `params_ema`, `state_dict`, `model_state_dict`) are unwrapped by `CheckpointFile`, and the
/// `module.` (DataParallel) and `net.` / `model.` prefixes are removed here. Loading is strict,
/// like BasicSR's `strict_load_g: true`: every tensor must be used and have the expected shape.
final class LearnedWeights {
    let source: String
    private let shapes: [String: [Int]]
    private let fetch: (String) throws -> Tensor
    private var used: Set<String> = []

    static let strippablePrefixes = ["module.", "net.", "model.", "net_g."]

    init(source: String, shapes: [String: [Int]], fetch: @escaping (String) throws -> Tensor) {
        self.source = source
        self.shapes = shapes
        self.fetch = fetch
    }

    /// Opens a checkpoint (safetensors or PyTorch zip, through the safe unpickler).
    static func open(_ path: String) throws -> LearnedWeights {
        let file: CheckpointFile
        do { file = try CheckpointFile.open(path) } catch {
            throw LearnedRestorerError.unreadableCheckpoint(path: path, reason: "\(error)")
        }
        let shapes = floatingPointShapes(file)
        let renamed = stripPrefixes(Array(shapes.keys))
        var strippedShapes: [String: [Int]] = [:]
        var original: [String: String] = [:]
        for (name, stripped) in renamed {
            strippedShapes[stripped] = shapes[name]
            original[stripped] = name
        }
        return LearnedWeights(source: path, shapes: strippedShapes) { name in
            try file.tensor(original[name] ?? name)
        }
    }

    /// The shapes of the checkpoint's floating-point tensors, under their names in the file
    /// (integer buffers such as BatchNorm's `num_batches_tracked` are no weights).
    static func floatingPointShapes(_ file: CheckpointFile) -> [String: [Int]] {
        var shapes: [String: [Int]] = [:]
        for name in file.names {
            guard let info = file.info(name), isFloatingPoint(info.dtype) else { continue }
            shapes[name] = info.shape
        }
        return shapes
    }

    static func isFloatingPoint(_ dtype: DType) -> Bool {
        dtype == .float32 || dtype == .float16 || dtype == .bfloat16 || dtype == .float64
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

    /// The values of `name`, which must have `shape`.
    func take(_ name: String, shape expected: [Int]) throws -> [Float] {
        guard let shape = shapes[name] else {
            throw LearnedRestorerError.missingTensor(name, checkpoint: source)
        }
        guard shape == expected else {
            throw LearnedRestorerError.shapeMismatch(name, expected: expected, found: shape, checkpoint: source)
        }
        used.insert(name)
        let tensor: Tensor
        do { tensor = try fetch(name) } catch {
            throw LearnedRestorerError.unreadableCheckpoint(path: source, reason: "\(name): \(error)")
        }
        return tensor.data
    }

    /// The values of `name` if the checkpoint has it (optional biases).
    func takeIfPresent(_ name: String, shape: [Int]) throws -> [Float]? {
        has(name) ? try take(name, shape: shape) : nil
    }

    /// Throws when tensors were left over: the checkpoint is not exactly this architecture.
    func checkAllUsed(architecture: String) throws {
        let left = Set(shapes.keys).subtracting(used).sorted()
        guard left.isEmpty else {
            throw LearnedRestorerError.unexpectedTensors(left, architecture: architecture, checkpoint: source)
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

extension DenseConv {
    /// This 1x1 convolution applied after a per-channel affine map a * x + b: the weight
    /// columns scale by a, and W b joins the bias (folds a norm's affine part into the conv).
    func foldingInputAffine(scale: [Float], shift: [Float]?) -> DenseConv {
        precondition(kernel == 1 && scale.count == inChannels)
        var w = weight
        var b = bias ?? [Float](repeating: 0, count: outChannels)
        for o in 0..<outChannels {
            for i in 0..<inChannels {
                if let shift { b[o] += w[o * inChannels + i] * shift[i] }
                w[o * inChannels + i] *= scale[i]
            }
        }
        return DenseConv(pointwise: w, bias: b, outChannels: outChannels, inChannels: inChannels)
    }

    /// Every output channel of this 1x1 convolution (weights and bias) scaled by `scale`
    /// (NAFNet's beta and gamma).
    func scalingOutputs(_ scale: [Float]) -> DenseConv {
        precondition(kernel == 1 && scale.count == outChannels)
        var w = weight
        for o in 0..<outChannels {
            for i in 0..<inChannels { w[o * inChannels + i] *= scale[o] }
        }
        let b = bias.map { zip($0, scale).map { $0 * $1 } }
        return DenseConv(pointwise: w, bias: b, outChannels: outChannels, inChannels: inChannels)
    }
}
