/// A value on the safe unpickler's stack. Containers are indices into the arenas of a
/// `PickleGraph`, so values never nest: hostile input cannot build recursion that
/// overflows the stack when values are freed, and self-referencing lists cannot leak.
public enum PickleValue: Hashable, Sendable {
    case none
    case bool(Bool)
    case int(Int)
    /// An integer wider than 64 bits, as little-endian two's-complement bytes.
    case bigInt([UInt8])
    case float(Double)
    case string(String)
    case bytes([UInt8])
    case tuple(Int)
    case list(Int)
    case dict(Int)
    case set(Int)
    /// A reference to an allow-listed module-level name (a dtype, a storage type, a class).
    case global(PickleGlobal)
    case storage(Int)
    case tensor(Int)
    /// An instance of an allow-listed inert class (torch.device, complex, a layout).
    case object(Int)
}

public struct PickleGlobal: Hashable, Sendable, CustomStringConvertible {
    public let module: String
    public let name: String

    public init(_ module: String, _ name: String) {
        self.module = module
        self.name = name
    }

    public var description: String { "\(module).\(name)" }
}

/// Ordered key-value pairs, as a Python dict keeps them.
public struct PickleDict: Equatable, Sendable {
    public private(set) var keys: [PickleValue] = []
    public private(set) var values: [PickleValue] = []
    private var positions: [PickleValue: Int] = [:]

    mutating func set(_ key: PickleValue, _ value: PickleValue) {
        if let index = positions[key] {
            values[index] = value
        } else {
            positions[key] = keys.count
            keys.append(key)
            values.append(value)
        }
    }

    public func value(forKey key: String) -> PickleValue? {
        positions[.string(key)].map { values[$0] }
    }
}

/// A storage blob named by a persistent id: ('storage', type, key, location, numel).
public struct PickleStorage: Equatable, Sendable {
    public let dtype: DType
    public let key: String
    public let location: String
    public let elementCount: Int
}

/// A tensor view over a storage, as _rebuild_tensor_v2 describes it.
public struct PickleTensor: Equatable, Sendable {
    public let storage: Int
    public let storageOffset: Int
    public let shape: [Int]
    public let strides: [Int]
}

/// An instance of an inert allow-listed class with its constructor arguments.
public struct PickleObject: Equatable, Sendable {
    public let type: PickleGlobal
    public let arguments: [PickleValue]
}

/// Everything one pickle produced: the root value plus the arenas it points into.
public struct PickleGraph: Sendable {
    public var root: PickleValue = .none
    public var tuples: [[PickleValue]] = []
    public var lists: [[PickleValue]] = []
    public var dicts: [PickleDict] = []
    public var sets: [[PickleValue]] = []
    public var storages: [PickleStorage] = []
    public var tensors: [PickleTensor] = []
    public var objects: [PickleObject] = []

    /// A short human-readable rendering for metadata; containers are summarized.
    public func render(_ value: PickleValue) -> String {
        switch value {
        case .none: return "None"
        case let .bool(flag): return flag ? "True" : "False"
        case let .int(number): return String(number)
        case let .bigInt(bytes): return "<\(bytes.count * 8)-bit integer>"
        case let .float(number): return String(number)
        case let .string(text): return text
        case let .bytes(bytes): return "<\(bytes.count) bytes>"
        case let .tuple(id): return renderSequence(tuples[id], open: "(", close: ")")
        case let .list(id): return renderSequence(lists[id], open: "[", close: "]")
        case let .set(id): return renderSequence(sets[id], open: "{", close: "}")
        case let .dict(id): return "<dict of \(dicts[id].keys.count) entries>"
        case let .global(reference): return reference.description
        case let .storage(id): return "<storage \(storages[id].key)>"
        case let .tensor(id): return "<tensor \(tensors[id].shape)>"
        case let .object(id):
            let object = objects[id]
            return "\(object.type)(\(object.arguments.map(renderScalar).joined(separator: ", ")))"
        }
    }

    private func renderScalar(_ value: PickleValue) -> String {
        switch value {
        case .tuple, .list, .set, .dict, .object: return "…"
        default: return render(value)
        }
    }

    private func renderSequence(_ items: [PickleValue], open: String, close: String) -> String {
        guard items.count <= 16 else { return "<\(items.count) items>" }
        return open + items.map(renderScalar).joined(separator: ", ") + close
    }
}
