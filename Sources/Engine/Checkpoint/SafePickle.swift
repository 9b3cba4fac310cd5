import Foundation

/// A pickle virtual machine for the opcodes torch.save emits (protocols 2 to 5). It builds
/// plain values only: module-level names must be on `TorchAllowList`, only tensor-rebuilding
/// and container-building names may be called, and nothing is ever imported or executed.
public enum SafePickle {
    /// The graph a pickle builds (stack, marks, memo and arenas, estimated) may take at most
    /// this many bytes per byte of pickle, plus `memoryAllowanceFloor`. A torch.save state dict
    /// fits without the floor (ldm_tiny.ckpt's 88 KB pickle, HostileParserInputTests); one-byte
    /// opcodes that each make a container (20 million TUPLE1 in a 20 MB file) took 1.8 GB.
    public static let memoryPerPickleByte = 16
    public static let memoryAllowanceFloor = 32 << 20

    /// Parses a pickle from bytes; throws for anything malformed or not allow-listed.
    public static func load(bytes: Data) throws -> PickleGraph {
        try bytes.withUnsafeBytes { try load(bytes: $0) }
    }

    public static func load(bytes: UnsafeRawBufferPointer) throws -> PickleGraph {
        try load(bytes: bytes, from: 0).graph
    }

    /// Reads one pickle starting at `offset`; returns it with the offset just past its STOP,
    /// for files that hold several pickles back to back (the legacy torch.save format).
    static func load(bytes: UnsafeRawBufferPointer, from offset: Int,
                     allowanceFloor: Int = memoryAllowanceFloor) throws -> (graph: PickleGraph, end: Int) {
        var machine = PickleMachine(reader: ByteReader(bytes, what: "pickle", offset: offset))
        let pickleBytes = max(bytes.count - offset, 0)
        machine.memoryLimit = pickleBytes.multipliedReportingOverflow(by: memoryPerPickleByte).partialValue
            .addingReportingOverflow(allowanceFloor).partialValue
        let graph = try machine.run()
        return (graph, machine.reader.offset)
    }
}

private struct PickleMachine {
    var reader: ByteReader
    var graph = PickleGraph()
    var stack: [PickleValue] = []
    var marks: [Int] = []
    var memo: [Int: PickleValue] = [:]
    var opcodeOffset = 0
    /// Estimated bytes of the graph's arenas so far (they only grow), and the most the stack,
    /// marks, memo and arenas together may take.
    var graphBytes = 0
    var memoryLimit = Int.max

    static let valueBytes = MemoryLayout<PickleValue>.stride
    /// An array's header and allocation, or a dictionary entry's hashing overhead.
    static let containerBytes = 64
    static let memoEntryBytes = 64

    var estimatedMemory: Int {
        graphBytes + stack.count * Self.valueBytes + marks.count * MemoryLayout<Int>.stride + memo.count * Self.memoEntryBytes
    }

    mutating func charge(items: Int, containers: Int = 0, bytes: Int = 0) {
        graphBytes += items * Self.valueBytes + containers * Self.containerBytes + bytes
    }

    init(reader: ByteReader) {
        self.reader = reader
    }

    func failure(_ reason: String) -> CheckpointError {
        .pickle(reason: reason, offset: opcodeOffset)
    }

    mutating func pop() throws -> PickleValue {
        guard stack.count > (marks.last ?? 0), let value = stack.popLast() else {
            throw failure("stack underflow")
        }
        return value
    }

    mutating func top() throws -> PickleValue {
        guard let value = stack.last, stack.count > (marks.last ?? 0) else { throw failure("stack underflow") }
        return value
    }

    mutating func replaceTop(_ value: PickleValue) throws {
        _ = try top()
        stack[stack.count - 1] = value
    }

    mutating func popMark() throws -> [PickleValue] {
        guard let mark = marks.popLast() else { throw failure("no MARK on the stack") }
        let items = Array(stack[mark...])
        stack.removeSubrange(mark...)
        return items
    }

    mutating func push(_ value: PickleValue) { stack.append(value) }

    mutating func makeTuple(_ items: [PickleValue]) -> PickleValue {
        charge(items: items.count, containers: 1)
        graph.tuples.append(items)
        return .tuple(graph.tuples.count - 1)
    }

    mutating func text(_ count: Int) throws -> String {
        charge(items: 0, bytes: count)
        return String(decoding: try reader.slice(count), as: UTF8.self)
    }

    mutating func byteArray(_ count: Int) throws -> [UInt8] {
        charge(items: 0, bytes: count)
        return try reader.byteArray(count)
    }

    mutating func length(_ value: UInt64) throws -> Int {
        guard value <= UInt64(reader.remaining) else {
            throw CheckpointError.truncated(what: "pickle", offset: reader.offset, count: Int(clamping: value),
                                            available: reader.bytes.count)
        }
        return Int(value)
    }

    mutating func line() throws -> String {
        var bytes: [UInt8] = []
        while true {
            let byte = try reader.uint8()
            if byte == 0x0A { break }
            bytes.append(byte)
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    mutating func run() throws -> PickleGraph {
        while true {
            guard estimatedMemory <= memoryLimit else {
                throw failure("the pickle builds more objects than a file of its size can describe (over \(memoryLimit >> 20) MB)")
            }
            opcodeOffset = reader.offset
            let opcode = try reader.uint8()
            switch opcode {
            case 0x80: _ = try reader.uint8()                     // PROTO
            case 0x95: _ = try reader.uint64()                    // FRAME: framing is only a read hint
            case 0x2E:                                            // STOP
                graph.root = try pop()
                return graph
            case 0x28: marks.append(stack.count)                  // MARK
            case 0x30: _ = try pop()                              // POP
            case 0x31: _ = try popMark()                          // POP_MARK
            case 0x32: push(try top())                            // DUP
            case 0x4E: push(.none)                                // NONE
            case 0x88: push(.bool(true))                          // NEWTRUE
            case 0x89: push(.bool(false))                         // NEWFALSE
            case 0x4B: push(.int(Int(try reader.uint8())))        // BININT1
            case 0x4D: push(.int(Int(try reader.uint16())))       // BININT2
            case 0x4A: push(.int(Int(Int32(bitPattern: try reader.uint32()))))  // BININT
            case 0x8A: push(try long(count: Int(try reader.uint8())))           // LONG1
            case 0x8B:                                            // LONG4
                let count = Int32(bitPattern: try reader.uint32())
                guard count >= 0 else { throw failure("negative LONG4 length") }
                push(try long(count: try length(UInt64(count))))
            case 0x47:                                            // BINFLOAT, big-endian
                let raw = try reader.uint64()
                push(.float(Double(bitPattern: raw.byteSwapped)))
            case 0x58: push(.string(try text(try length(UInt64(try reader.uint32())))))  // BINUNICODE
            case 0x8C: push(.string(try text(Int(try reader.uint8()))))                  // SHORT_BINUNICODE
            case 0x8D: push(.string(try text(try length(try reader.uint64()))))          // BINUNICODE8
            case 0x55: push(.string(try text(Int(try reader.uint8()))))                  // SHORT_BINSTRING
            case 0x54:                                                                   // BINSTRING
                let count = Int32(bitPattern: try reader.uint32())
                guard count >= 0 else { throw failure("negative BINSTRING length") }
                push(.string(try text(Int(count))))
            case 0x43: push(.bytes(try byteArray(Int(try reader.uint8()))))               // SHORT_BINBYTES
            case 0x42: push(.bytes(try byteArray(try length(UInt64(try reader.uint32()))))) // BINBYTES
            case 0x8E, 0x96: push(.bytes(try byteArray(try length(try reader.uint64()))))  // BINBYTES8, BYTEARRAY8
            case 0x29: push(makeTuple([]))                        // EMPTY_TUPLE
            case 0x85: try replaceTop(makeTuple([try top()]))     // TUPLE1
            case 0x86:                                            // TUPLE2
                let second = try pop(), first = try pop()
                push(makeTuple([first, second]))
            case 0x87:                                            // TUPLE3
                let third = try pop(), second = try pop(), first = try pop()
                push(makeTuple([first, second, third]))
            case 0x74: push(makeTuple(try popMark()))             // TUPLE
            case 0x5D:                                            // EMPTY_LIST
                charge(items: 0, containers: 1)
                graph.lists.append([])
                push(.list(graph.lists.count - 1))
            case 0x6C:                                            // LIST
                let items = try popMark()
                charge(items: items.count, containers: 1)
                graph.lists.append(items)
                push(.list(graph.lists.count - 1))
            case 0x7D:                                            // EMPTY_DICT
                charge(items: 0, containers: 1)
                graph.dicts.append(PickleDict())
                push(.dict(graph.dicts.count - 1))
            case 0x8F:                                            // EMPTY_SET
                charge(items: 0, containers: 1)
                graph.sets.append([])
                push(.set(graph.sets.count - 1))
            case 0x91:                                            // FROZENSET
                let items = try popMark()
                charge(items: items.count, containers: 1)
                graph.sets.append(items)
                push(.set(graph.sets.count - 1))
            case 0x61:                                            // APPEND
                let item = try pop()
                try append([item])
            case 0x65: try append(try popMark())                  // APPENDS
            case 0x90:                                            // ADDITEMS
                let items = try popMark()
                guard case let .set(id) = try top() else { throw failure("ADDITEMS target is not a set") }
                charge(items: items.count)
                graph.sets[id].append(contentsOf: items)
            case 0x73:                                            // SETITEM
                let value = try pop(), key = try pop()
                try setItems([key, value])
            case 0x75: try setItems(try popMark())                // SETITEMS
            case 0x71: memo[Int(try reader.uint8())] = try top()  // BINPUT
            case 0x72: memo[Int(try reader.uint32())] = try top() // LONG_BINPUT
            case 0x94: memo[memo.count] = try top()               // MEMOIZE
            case 0x68: push(try recall(Int(try reader.uint8())))  // BINGET
            case 0x6A: push(try recall(Int(try reader.uint32()))) // LONG_BINGET
            case 0x63:                                            // GLOBAL
                let module = try line(), name = try line()
                push(try resolve(PickleGlobal(module, name)))
            case 0x93:                                            // STACK_GLOBAL
                let name = try pop(), module = try pop()
                guard case let .string(moduleName) = module, case let .string(globalName) = name else {
                    throw failure("STACK_GLOBAL needs two strings")
                }
                push(try resolve(PickleGlobal(moduleName, globalName)))
            case 0x69:                                            // INST: a call spelled inline
                let reference = PickleGlobal(try line(), try line())
                _ = try resolve(reference)
                throw CheckpointError.forbiddenCall(module: reference.module, name: reference.name)
            case 0x52:                                            // REDUCE
                let arguments = try pop()
                let callable = try top()
                try replaceTop(try call(callable, arguments: try tupleItems(arguments)))
            case 0x81:                                            // NEWOBJ
                let arguments = try pop()
                let type = try top()
                try replaceTop(try instantiate(type, arguments: try tupleItems(arguments)))
            case 0x92:                                            // NEWOBJ_EX
                _ = try pop()
                let arguments = try pop()
                let type = try top()
                try replaceTop(try instantiate(type, arguments: try tupleItems(arguments)))
            case 0x62:                                            // BUILD
                let state = try pop()
                try build(try top(), state: state)
            case 0x51:                                            // BINPERSID
                let identifier = try pop()
                push(try persistentLoad(identifier))
            default:
                throw CheckpointError.unsupportedOpcode(opcode, offset: opcodeOffset)
            }
        }
    }

    mutating func recall(_ index: Int) throws -> PickleValue {
        guard let value = memo[index] else { throw failure("memo entry \(index) is missing") }
        return value
    }

    mutating func long(count: Int) throws -> PickleValue {
        charge(items: 0, bytes: count)
        let bytes = Array(try reader.slice(count))
        if count == 0 { return .int(0) }
        if count > 8 {
            // Wider encodings of values that still fit 64 bits only pad with sign bytes.
            let sign: UInt8 = bytes[count - 1] & 0x80 == 0 ? 0 : 0xFF
            if bytes[8...].allSatisfy({ $0 == sign }), (bytes[7] & 0x80 == 0) == (sign == 0) {
                return long(bytes: Array(bytes[0..<8]))
            }
            return .bigInt(bytes)
        }
        return long(bytes: bytes)
    }

    private func long(bytes: [UInt8]) -> PickleValue {
        var value: UInt64 = 0
        for (index, byte) in bytes.enumerated() { value |= UInt64(byte) << (8 * UInt64(index)) }
        let width = bytes.count * 8
        if width < 64, bytes[bytes.count - 1] & 0x80 != 0 {
            value |= ~UInt64(0) << UInt64(width)
        }
        return .int(Int(Int64(bitPattern: value)))
    }

    func tupleItems(_ value: PickleValue) throws -> [PickleValue] {
        guard case let .tuple(id) = value else { throw failure("expected an argument tuple") }
        return graph.tuples[id]
    }

    mutating func append(_ items: [PickleValue]) throws {
        guard case let .list(id) = try top() else { throw failure("APPEND target is not a list") }
        charge(items: items.count)
        graph.lists[id].append(contentsOf: items)
    }

    mutating func setItems(_ items: [PickleValue]) throws {
        guard items.count % 2 == 0 else { throw failure("SETITEMS with an odd number of items") }
        guard case let .dict(id) = try top() else { throw failure("SETITEM target is not a dict") }
        charge(items: items.count + items.count / 2, containers: items.count / 2)
        var index = 0
        while index < items.count {
            guard isHashable(items[index]) else { throw failure("unhashable dict key") }
            graph.dicts[id].set(items[index], items[index + 1])
            index += 2
        }
    }

    func isHashable(_ value: PickleValue) -> Bool {
        switch value {
        case .list, .dict, .set: return false
        default: return true
        }
    }

    func resolve(_ reference: PickleGlobal) throws -> PickleValue {
        guard TorchAllowList.role(of: reference) != nil else {
            throw CheckpointError.forbiddenGlobal(module: reference.module, name: reference.name)
        }
        return .global(reference)
    }

    func allowedRole(_ value: PickleValue) throws -> (PickleGlobal, TorchAllowList.Role) {
        guard case let .global(reference) = value, let role = TorchAllowList.role(of: reference) else {
            throw failure("called value is not an allow-listed global")
        }
        return (reference, role)
    }

    mutating func call(_ callable: PickleValue, arguments: [PickleValue]) throws -> PickleValue {
        let (reference, role) = try allowedRole(callable)
        switch role {
        case .rebuildTensorV2, .rebuildTensor:
            return try rebuildTensor(arguments)
        case .rebuildParameter, .rebuildParameterWithState:
            guard let data = arguments.first, case .tensor = data else { throw failure("\(reference) needs a tensor") }
            return data
        case .rebuildFromTypeV2:
            guard arguments.count >= 3 else { throw failure("\(reference) needs (func, type, args, state)") }
            let (_, innerRole) = try allowedRole(arguments[0])
            guard [.rebuildTensorV2, .rebuildTensor, .rebuildParameter, .rebuildParameterWithState].contains(innerRole) else {
                throw failure("\(reference) may only wrap a tensor rebuild function")
            }
            return try call(arguments[0], arguments: try tupleItems(arguments[2]))
        case .orderedDict:
            charge(items: 0, containers: 1)
            graph.dicts.append(PickleDict())
            let id = graph.dicts.count - 1
            if let pairs = arguments.first, case let .list(listID) = pairs {
                charge(items: 3 * graph.lists[listID].count, containers: graph.lists[listID].count)
                for pair in graph.lists[listID] {
                    let items = try tupleItems(pair)
                    guard items.count == 2, isHashable(items[0]) else { throw failure("OrderedDict pairs must be 2-tuples") }
                    graph.dicts[id].set(items[0], items[1])
                }
            }
            return .dict(id)
        case .set:
            var items: [PickleValue] = []
            if let source = arguments.first {
                switch source {
                case let .list(id): items = graph.lists[id]
                case let .tuple(id): items = graph.tuples[id]
                case let .set(id): items = graph.sets[id]
                default: throw failure("set() needs a sequence")
                }
            }
            charge(items: items.count, containers: 1)
            graph.sets.append(items)
            return .set(graph.sets.count - 1)
        case .size:
            guard let dims = arguments.first, case .tuple = dims else { return makeTuple([]) }
            return dims
        case .bytearray, .codecsEncode:
            switch arguments.first {
            case .bytes(let bytes)?: return .bytes(bytes)
            case .string(let text)?: return .bytes(text.unicodeScalars.map { UInt8(truncatingIfNeeded: $0.value) })
            case nil: return .bytes([])
            default: throw failure("\(reference) needs bytes or a string")
            }
        case .inertClass:
            charge(items: arguments.count, containers: 1)
            graph.objects.append(PickleObject(type: reference, arguments: arguments))
            return .object(graph.objects.count - 1)
        case .parameter:
            return try instantiate(callable, arguments: arguments)
        case .storageType, .reference, .referenceOnly:
            throw CheckpointError.forbiddenCall(module: reference.module, name: reference.name)
        }
    }

    mutating func instantiate(_ type: PickleValue, arguments: [PickleValue]) throws -> PickleValue {
        let (reference, role) = try allowedRole(type)
        switch role {
        case .parameter:
            guard let data = arguments.first, case .tensor = data else { throw failure("Parameter needs a tensor") }
            return data
        case .orderedDict, .set, .inertClass:
            return try call(type, arguments: role == .inertClass ? arguments : [])
        default:
            throw CheckpointError.forbiddenCall(module: reference.module, name: reference.name)
        }
    }

    mutating func build(_ instance: PickleValue, state: PickleValue) throws {
        switch instance {
        case .tensor, .dict:
            // Tensor state (requires_grad, hooks) and OrderedDict attributes such as
            // `_metadata` carry nothing needed to read weights.
            return
        default:
            throw failure("BUILD is only allowed on tensors and dicts")
        }
    }

    func integer(_ value: PickleValue, _ what: String) throws -> Int {
        guard case let .int(number) = value else { throw failure("\(what) must be an integer") }
        return number
    }

    func integers(_ value: PickleValue, _ what: String) throws -> [Int] {
        try tupleItems(value).map { try integer($0, what) }
    }

    mutating func rebuildTensor(_ arguments: [PickleValue]) throws -> PickleValue {
        guard arguments.count >= 4, case let .storage(storage) = arguments[0] else {
            throw failure("_rebuild_tensor needs (storage, offset, size, stride, ...)")
        }
        let offset = try integer(arguments[1], "storage offset")
        let shape = try integers(arguments[2], "tensor size")
        let strides = try integers(arguments[3], "tensor stride")
        guard shape.count == strides.count, offset >= 0, shape.allSatisfy({ $0 >= 0 }), strides.allSatisfy({ $0 >= 0 }) else {
            throw failure("inconsistent tensor size \(shape), stride \(strides) or offset \(offset)")
        }
        charge(items: 2 * shape.count, containers: 3)
        graph.tensors.append(PickleTensor(storage: storage, storageOffset: offset, shape: shape, strides: strides))
        return .tensor(graph.tensors.count - 1)
    }

    mutating func persistentLoad(_ identifier: PickleValue) throws -> PickleValue {
        let items = try tupleItems(identifier)
        // The legacy format adds a sixth item, the view metadata of storage slices.
        guard items.count == 5 || items.count == 6, case .string("storage") = items[0] else {
            throw failure("persistent ids must be ('storage', type, key, location, numel)")
        }
        if items.count == 6, items[5] != .none {
            throw failure("legacy storage views are not supported")
        }
        guard case let .global(type) = items[1], case let .storageType(dtype)? = TorchAllowList.role(of: type) else {
            throw failure("persistent id names no storage type")
        }
        let key: String
        switch items[2] {
        case let .string(text): key = text
        case let .int(number): key = String(number)
        default: throw failure("storage key must be a string")
        }
        guard let dtype else { throw CheckpointError.unsupportedDType(tensor: "storage \(key)", dtype: type.name) }
        let location: String
        if case let .string(text) = items[3] { location = text } else { location = "" }
        let count = try integer(items[4], "storage size")
        guard count >= 0 else { throw failure("negative storage size") }
        charge(items: 0, containers: 1, bytes: key.utf8.count + location.utf8.count)
        graph.storages.append(PickleStorage(dtype: dtype, key: key, location: location, elementCount: count))
        return .storage(graph.storages.count - 1)
    }
}
