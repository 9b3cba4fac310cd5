/// Finds the weights inside an unpickled torch.save object: a plain state dict, one
/// wrapped under a well-known key (Lightning's `state_dict`, BasicSR's `params_ema` /
/// `params`, `model_state_dict`, ...), and turns the remaining plain values
/// (`global_step`, `epoch`, hyperparameters) into metadata strings.
public struct TorchStateDict: Sendable {
    public struct Entry: Sendable, Equatable {
        public let name: String
        public let tensor: PickleTensor
        public let storage: PickleStorage
    }

    public let entries: [Entry]
    /// The wrapper keys followed from the top level to the weights, e.g. ["state_dict"].
    public let weightsPath: [String]
    public let metadata: [String: String]

    /// Wrapper keys in order of preference; EMA weights win over raw ones when both exist.
    public static let wrapperKeys = ["state_dict", "model_state_dict", "params_ema", "params", "model", "module", "net"]
    static let maximumMetadataEntries = 256
    static let maximumMetadataDepth = 4
    /// Deeper nesting than any real checkpoint uses; bounds recursion on hostile input.
    static let maximumNesting = 64

    public init(graph: PickleGraph) throws {
        guard case let .dict(rootID) = graph.root else {
            throw CheckpointError.malformed(what: "checkpoint pickle", reason: "the top-level object is not a dict")
        }
        var current = rootID
        var path: [String] = []
        var visited: Set<Int> = [rootID]
        while !Self.holdsTensorsDirectly(graph.dicts[current]) {
            let next = Self.wrapperKeys.lazy.compactMap { key -> (String, Int)? in
                guard case let .dict(id)? = graph.dicts[current].value(forKey: key) else { return nil }
                return (key, id)
            }.first
            guard let (key, id) = next, visited.insert(id).inserted else { break }
            path.append(key)
            current = id
        }
        var collector = Collector(graph: graph)
        collector.collectTensors(from: .dict(current), prefix: "", depth: 0)
        entries = collector.entries
        weightsPath = path

        var metadata: [String: String] = [:]
        if !path.isEmpty { metadata["weights_key"] = path.joined(separator: ".") }
        var describer = MetadataDescriber(graph: graph, skipping: path.first)
        describer.describe(.dict(rootID), prefix: "", depth: 0, into: &metadata)
        self.metadata = metadata
    }

    static func holdsTensorsDirectly(_ dict: PickleDict) -> Bool {
        dict.values.contains { if case .tensor = $0 { return true } else { return false } }
    }

    static func keyName(_ key: PickleValue, graph: PickleGraph) -> String {
        if case let .string(text) = key { return text }
        return graph.render(key)
    }

    private struct Collector {
        let graph: PickleGraph
        var entries: [Entry] = []
        var visitedDicts: Set<Int> = []
        var visitedSequences: Set<Int> = []

        init(graph: PickleGraph) {
            self.graph = graph
        }

        mutating func collectTensors(from value: PickleValue, prefix: String, depth: Int) {
            guard depth < TorchStateDict.maximumNesting else { return }
            switch value {
            case let .tensor(id):
                let tensor = graph.tensors[id]
                entries.append(Entry(name: prefix, tensor: tensor, storage: graph.storages[tensor.storage]))
            case let .dict(id):
                guard visitedDicts.insert(id).inserted else { return }
                let dict = graph.dicts[id]
                for (key, item) in zip(dict.keys, dict.values) {
                    let name = TorchStateDict.keyName(key, graph: graph)
                    collectTensors(from: item, prefix: prefix.isEmpty ? name : prefix + "." + name, depth: depth + 1)
                }
            case let .list(id):
                guard visitedSequences.insert(id).inserted else { return }
                collectSequence(graph.lists[id], prefix: prefix, depth: depth)
            default:
                return
            }
        }

        mutating func collectSequence(_ items: [PickleValue], prefix: String, depth: Int) {
            for (index, item) in items.enumerated() {
                collectTensors(from: item, prefix: prefix.isEmpty ? String(index) : prefix + "." + String(index),
                               depth: depth + 1)
            }
        }
    }

    private struct MetadataDescriber {
        let graph: PickleGraph
        let skipping: String?
        var visited: Set<Int> = []

        init(graph: PickleGraph, skipping: String?) {
            self.graph = graph
            self.skipping = skipping
        }

        mutating func describe(_ value: PickleValue, prefix: String, depth: Int, into metadata: inout [String: String]) {
            guard metadata.count < TorchStateDict.maximumMetadataEntries else { return }
            guard case let .dict(id) = value, depth < TorchStateDict.maximumMetadataDepth else {
                if !prefix.isEmpty { metadata[prefix] = graph.render(value) }
                return
            }
            guard visited.insert(id).inserted else { return }
            let dict = graph.dicts[id]
            if depth > 0, dict.keys.isEmpty {
                metadata[prefix] = "{}"
                return
            }
            if depth > 0, TorchStateDict.holdsTensorsDirectly(dict) {
                metadata[prefix] = "<\(dict.keys.count) entries with tensors>"
                return
            }
            for (key, item) in zip(dict.keys, dict.values) {
                let name = TorchStateDict.keyName(key, graph: graph)
                if depth == 0, name == skipping { continue }
                describe(item, prefix: prefix.isEmpty ? name : prefix + "." + name, depth: depth + 1, into: &metadata)
            }
        }
    }
}
