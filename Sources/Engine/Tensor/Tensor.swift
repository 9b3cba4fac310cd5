/// A dense float32 tensor, row-major (NCHW for images). Value semantics: copies share
/// storage until written.
public struct Tensor: Equatable, Sendable {
    public private(set) var shape: [Int]
    public var data: [Float]

    public init(shape: [Int], data: [Float]) {
        precondition(shape.allSatisfy { $0 >= 0 }, "negative dimension in \(shape)")
        precondition(shape.reduce(1, *) == data.count, "shape \(shape) does not hold \(data.count) values")
        self.shape = shape
        self.data = data
    }

    public init(zeros shape: [Int]) {
        self.init(shape: shape, data: [Float](repeating: 0, count: shape.reduce(1, *)))
    }

    /// A tensor whose values the caller must all write before reading (skips zero-filling
    /// large activation buffers).
    public init(uninitialized shape: [Int]) {
        precondition(shape.allSatisfy { $0 >= 0 }, "negative dimension in \(shape)")
        let count = shape.reduce(1, *)
        AllocatorTuning.applied
        self.shape = shape
        self.data = [Float](unsafeUninitializedCapacity: count) { _, initialized in initialized = count }
    }

    public var count: Int { data.count }
    public var rank: Int { shape.count }

    /// The same values under another shape with the same element count.
    public func reshaped(_ newShape: [Int]) -> Tensor {
        Tensor(shape: newShape, data: data)
    }

    /// The largest absolute value (0 for an empty tensor).
    public var maxAbs: Float {
        data.reduce(0) { max($0, abs($1)) }
    }
}

/// The element types found in checkpoints; all are converted to float32 on load.
public enum DType: String, Sendable, Codable {
    case float32 = "F32"
    case float16 = "F16"
    case bfloat16 = "BF16"
    case float64 = "F64"
    case int64 = "I64"
    case int32 = "I32"
    case int16 = "I16"
    case int8 = "I8"
    case uint8 = "U8"
    case bool = "BOOL"

    public var isFloatingPoint: Bool {
        self == .float32 || self == .float16 || self == .bfloat16 || self == .float64
    }

    public var byteSize: Int {
        switch self {
        case .float64, .int64: return 8
        case .float32, .int32: return 4
        case .float16, .bfloat16, .int16: return 2
        case .int8, .uint8, .bool: return 1
        }
    }
}
