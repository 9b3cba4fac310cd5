/// Bad input handed to a model at run time.
public enum TensorShapeError: Error, Equatable, CustomStringConvertible {
    case invalidInput(String)

    public var description: String {
        switch self {
        case .invalidInput(let why): return "invalid input: \(why)"
        }
    }
}

/// Named float32 parameters, using diffusers / transformers naming
/// (`down_blocks.0.resnets.0.conv1.weight`, `text_model.encoder.layers.0.self_attn.q_proj.weight`).
public protocol WeightSource {
    /// The tensor stored under `name`; throws `ModelLoadError.missingTensor` if absent.
    func tensor(_ name: String) throws -> Tensor
    /// The tensor stored under `name`, checked against the shape the layer needs
    /// (`ModelLoadError.shapeMismatch` otherwise).
    func tensor(_ name: String, shape: [Int]) throws -> Tensor
}

extension WeightSource {
    public func tensor(_ name: String, shape: [Int]) throws -> Tensor {
        try lenientlyShaped(tensor(name), name: name, as: shape)
    }
}

/// `t` as `shape`, where a 1x1 convolution kernel stands in for a linear weight (LDM checkpoints
/// store the VAE attention and transformer projections that way); other shapes must match.
func lenientlyShaped(_ t: Tensor, name: String, as shape: [Int]) throws -> Tensor {
    if t.shape == shape { return t }
    if shape.count == 2, t.shape == shape + [1, 1] { return t.reshaped(shape) }
    throw ModelLoadError.shapeMismatch(name, expected: shape, actual: t.shape)
}

/// Weights held in memory, keyed by name.
public struct DictionaryWeightSource: WeightSource, Sendable {
    public var tensors: [String: Tensor]

    public init(_ tensors: [String: Tensor]) {
        self.tensors = tensors
    }

    public func tensor(_ name: String) throws -> Tensor {
        guard let t = tensors[name] else { throw ModelLoadError.missingTensor(name) }
        return t
    }
}

/// Joins a module prefix and a parameter name with a dot ("" prefix means top level).
@inline(__always)
func join(_ prefix: String, _ name: String) -> String {
    prefix.isEmpty ? name : prefix + "." + name
}
