/// What a checkpoint says about one tensor, without reading its values.
public struct TensorInfo: Equatable, Sendable, CustomStringConvertible {
    public let dtype: DType
    public let shape: [Int]

    public init(dtype: DType, shape: [Int]) {
        self.dtype = dtype
        self.shape = shape
    }

    public var elementCount: Int { shape.reduce(1, *) }

    public var description: String {
        "\(dtype.rawValue) [\(shape.map(String.init).joined(separator: ", "))]"
    }
}

/// Where a tensor's elements live: a byte range of a buffer plus a strided view into it.
struct StoredTensor {
    let name: String
    let info: TensorInfo
    let buffer: ByteBuffer
    /// Byte offset of element 0 of the storage inside `buffer`.
    let storageByteOffset: Int
    /// Elements the storage holds.
    let storageElements: Int
    /// Offset of the view's first element inside the storage, in elements.
    let elementOffset: Int
    /// Element strides of the view, one per dimension.
    let strides: [Int]

    /// Checks that every element the view can reach lies inside the storage and the buffer,
    /// so that reading can never go out of bounds.
    init(name: String, info: TensorInfo, buffer: ByteBuffer, storageByteOffset: Int, storageElements: Int,
         elementOffset: Int, strides: [Int]) throws {
        guard strides.count == info.shape.count else {
            throw CheckpointError.tensorOutOfBounds(tensor: name, reason: "\(strides.count) strides for \(info.shape.count) dimensions")
        }
        guard info.shape.allSatisfy({ $0 >= 0 }), strides.allSatisfy({ $0 >= 0 }), elementOffset >= 0,
              storageElements >= 0, storageByteOffset >= 0 else {
            throw CheckpointError.tensorOutOfBounds(tensor: name, reason: "negative shape, stride or offset")
        }
        let count = try Self.checkedProduct(info.shape, name: name)
        // Overlapping views (stride 0, as from expand) could inflate a tiny storage into an
        // arbitrarily large tensor; state dicts never need them.
        guard count <= storageElements || count == 0 else {
            throw CheckpointError.tensorOutOfBounds(
                tensor: name, reason: "a view of \(count) elements over a storage of \(storageElements) elements overlaps itself")
        }
        if count > 0 {
            var last = elementOffset
            for (size, stride) in zip(info.shape, strides) {
                let (step, overflow1) = (size - 1).multipliedReportingOverflow(by: stride)
                let (sum, overflow2) = last.addingReportingOverflow(step)
                guard !overflow1, !overflow2 else {
                    throw CheckpointError.tensorOutOfBounds(tensor: name, reason: "strides overflow")
                }
                last = sum
            }
            guard last < storageElements else {
                throw CheckpointError.tensorOutOfBounds(
                    tensor: name, reason: "view reaches element \(last) of a storage holding \(storageElements)")
            }
        }
        let (storageBytes, overflow) = storageElements.multipliedReportingOverflow(by: info.dtype.byteSize)
        guard !overflow, storageByteOffset <= buffer.count, storageBytes <= buffer.count - storageByteOffset else {
            throw CheckpointError.tensorOutOfBounds(
                tensor: name, reason: "storage of \(storageElements) \(info.dtype.rawValue) elements at byte \(storageByteOffset) exceeds the \(buffer.count)-byte file")
        }
        self.name = name
        self.info = info
        self.buffer = buffer
        self.storageByteOffset = storageByteOffset
        self.storageElements = storageElements
        self.elementOffset = elementOffset
        self.strides = strides
    }

    static func checkedProduct(_ shape: [Int], name: String) throws -> Int {
        var count = 1
        for size in shape {
            let (product, overflow) = count.multipliedReportingOverflow(by: size)
            guard !overflow, size >= 0 else {
                throw CheckpointError.tensorOutOfBounds(tensor: name, reason: "shape \(shape) is too large")
            }
            count = product
        }
        return count
    }

    static func contiguousStrides(_ shape: [Int]) -> [Int] {
        var strides = [Int](repeating: 1, count: shape.count)
        var running = 1
        for axis in stride(from: shape.count - 1, through: 0, by: -1) {
            strides[axis] = running
            running = running &* max(shape[axis], 1)
        }
        return strides
    }

    var isContiguous: Bool {
        var expected = 1
        for axis in stride(from: info.shape.count - 1, through: 0, by: -1) where info.shape[axis] != 1 {
            if strides[axis] != expected { return false }
            expected *= info.shape[axis]
        }
        return true
    }

    /// Reads the values as float32, materializing strided views into a dense row-major tensor.
    func materialize() -> Tensor {
        let count = info.elementCount
        var values = [Float](repeating: 0, count: count)
        guard count > 0 else { return Tensor(shape: info.shape, data: values) }
        let size = info.dtype.byteSize
        let storage = UnsafeRawBufferPointer(
            rebasing: buffer.bytes[storageByteOffset..<(storageByteOffset + storageElements * size)])
        values.withUnsafeMutableBufferPointer { output in
            if isContiguous {
                let start = UnsafeRawBufferPointer(rebasing: storage[(elementOffset * size)...])
                ElementDecoder.decode(info.dtype, from: start, count: count, into: output.baseAddress!)
            } else {
                gatherStrided(storage: storage, into: output)
            }
        }
        return Tensor(shape: info.shape, data: values)
    }

    /// Walks the view in row-major order, decoding each innermost row with its stride.
    private func gatherStrided(storage: UnsafeRawBufferPointer, into output: UnsafeMutableBufferPointer<Float>) {
        let rank = info.shape.count
        let inner = info.shape[rank - 1]
        let innerStride = strides[rank - 1]
        let rows = info.elementCount / inner
        var index = [Int](repeating: 0, count: rank)
        var written = 0
        for _ in 0..<rows {
            var start = elementOffset
            for axis in 0..<(rank - 1) { start += index[axis] * strides[axis] }
            ElementDecoder.decodeStrided(info.dtype, from: storage, start: start, stride: innerStride, count: inner,
                                         into: output.baseAddress! + written)
            written += inner
            var axis = rank - 2
            while axis >= 0 {
                index[axis] += 1
                if index[axis] < info.shape[axis] { break }
                index[axis] = 0
                axis -= 1
            }
        }
    }
}
