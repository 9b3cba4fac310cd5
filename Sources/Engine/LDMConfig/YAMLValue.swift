/// A node of the YAML subset `YAMLReader` reads: scalars stay text until a caller asks for a
/// number, so `1.0e-04` and `[ 4, 2, 1 ]` read back exactly as written.
public indirect enum YAMLValue: Sendable, Equatable {
    case null
    case scalar(String)
    case list([YAMLValue])
    /// Keys in file order (duplicates are refused by the reader).
    case map([(key: String, value: YAMLValue)])

    public static func == (a: YAMLValue, b: YAMLValue) -> Bool {
        switch (a, b) {
        case (.null, .null): return true
        case (.scalar(let x), .scalar(let y)): return x == y
        case (.list(let x), .list(let y)): return x == y
        case (.map(let x), .map(let y)):
            return x.count == y.count && zip(x, y).allSatisfy { $0.key == $1.key && $0.value == $1.value }
        default: return false
        }
    }

    /// The value at a dotted path of mapping keys (`model.params.unet_config`).
    public subscript(path: String) -> YAMLValue? {
        var node: YAMLValue? = self
        for key in path.split(separator: ".") {
            guard case .map(let entries)? = node else { return nil }
            node = entries.first { $0.key == key }?.value
        }
        return node
    }

    public var string: String? {
        if case .scalar(let text) = self { return text }
        return nil
    }

    public var int: Int? { string.flatMap { Int($0) } }

    public var double: Double? {
        // PyYAML (OmegaConf's loader) writes floats such as `1.e-6`; Swift's parser wants a digit after the point.
        string.flatMap { Double($0) ?? Double($0.replacingOccurrences(of: ".e", with: ".0e")) }
    }

    public var bool: Bool? {
        switch string?.lowercased() {
        case "true"?: return true
        case "false"?: return false
        default: return nil
        }
    }

    /// A list of integers, or a single integer read as a one-element list.
    public var ints: [Int]? {
        switch self {
        case .list(let items):
            let values = items.compactMap(\.int)
            return values.count == items.count ? values : nil
        case .scalar: return int.map { [$0] }
        default: return nil
        }
    }
}
