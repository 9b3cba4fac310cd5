import Foundation

/// Reads the safetensors layout: an 8-byte little-endian header length, a JSON header
/// mapping names to dtype, shape and data offsets, then the raw little-endian data.
public enum Safetensors {
    /// The largest header the reference implementation accepts.
    static let maximumHeaderBytes = 100_000_000

    public struct Entry: Equatable, Sendable {
        public let name: String
        public let info: TensorInfo
        /// Byte range relative to the start of the data section.
        public let dataOffsets: Range<Int>
    }

    public struct Header: Equatable, Sendable {
        public let entries: [Entry]
        public let metadata: [String: String]
        /// Absolute offset of the data section in the file.
        public let dataStart: Int
    }

    /// Parses and validates the header of a whole file held in `bytes`.
    public static func parseHeader(bytes: Data) throws -> Header {
        try bytes.withUnsafeBytes { try parseHeader(bytes: $0) }
    }

    /// Parses and validates the header against the total byte count; never reads tensor data.
    public static func parseHeader(bytes: UnsafeRawBufferPointer) throws -> Header {
        var reader = ByteReader(bytes, what: "safetensors header length")
        let declared = try reader.uint64()
        guard declared <= UInt64(maximumHeaderBytes) else {
            throw CheckpointError.malformed(what: "safetensors header", reason: "declared length \(declared) is too large")
        }
        let headerLength = Int(declared)
        var headerReader = ByteReader(bytes, what: "safetensors header", offset: 8)
        let headerBytes = try headerReader.slice(headerLength)
        let json = try JSONValue.parse(headerBytes, what: "safetensors header")
        guard case let .object(members) = json else {
            throw CheckpointError.malformed(what: "safetensors header", reason: "not a JSON object")
        }
        let dataStart = 8 + headerLength
        let dataLength = bytes.count - dataStart
        var entries: [Entry] = []
        var metadata: [String: String] = [:]
        var seen = Set<String>()
        for (name, value) in members {
            if name == "__metadata__" {
                metadata = try parseMetadata(value)
                continue
            }
            guard seen.insert(name).inserted else {
                throw CheckpointError.malformed(what: "safetensors header", reason: "tensor '\(name)' appears twice")
            }
            let entry = try parseEntry(name: name, value: value)
            guard entry.dataOffsets.upperBound <= dataLength else {
                let (end, overflow) = dataStart.addingReportingOverflow(entry.dataOffsets.upperBound)
                throw CheckpointError.tensorOutOfBounds(
                    tensor: name,
                    reason: "data ends at byte \(overflow ? "past \(Int.max)" : String(end)) but the file has \(bytes.count) bytes (truncated?)")
            }
            entries.append(entry)
        }
        try refuseOverlaps(entries)
        return Header(entries: entries, metadata: metadata, dataStart: dataStart)
    }

    /// Two tensors sharing bytes would let writing one change the other, and the reference
    /// reader refuses them; empty tensors occupy no bytes and may sit anywhere.
    private static func refuseOverlaps(_ entries: [Entry]) throws {
        let placed = entries.filter { !$0.dataOffsets.isEmpty }.sorted {
            ($0.dataOffsets.lowerBound, $0.dataOffsets.upperBound) < ($1.dataOffsets.lowerBound, $1.dataOffsets.upperBound)
        }
        for (previous, next) in zip(placed, placed.dropFirst()) where next.dataOffsets.lowerBound < previous.dataOffsets.upperBound {
            throw CheckpointError.tensorOutOfBounds(
                tensor: next.name,
                reason: "data_offsets \(next.dataOffsets.lowerBound)..\(next.dataOffsets.upperBound) overlap those of '\(previous.name)' (\(previous.dataOffsets.lowerBound)..\(previous.dataOffsets.upperBound))")
        }
    }

    private static func parseMetadata(_ value: JSONValue) throws -> [String: String] {
        guard case let .object(members) = value else {
            throw CheckpointError.malformed(what: "safetensors __metadata__", reason: "not an object")
        }
        var metadata: [String: String] = [:]
        for (key, item) in members {
            guard case let .string(text) = item else {
                throw CheckpointError.malformed(what: "safetensors __metadata__", reason: "value of '\(key)' is not a string")
            }
            metadata[key] = text
        }
        return metadata
    }

    private static func parseEntry(name: String, value: JSONValue) throws -> Entry {
        func bad(_ reason: String) -> CheckpointError { .malformed(what: "safetensors entry '\(name)'", reason: reason) }
        guard case let .string(dtypeName)? = value["dtype"] else { throw bad("missing dtype") }
        guard let dtype = DType(rawValue: dtypeName) else {
            throw CheckpointError.unsupportedDType(tensor: name, dtype: dtypeName)
        }
        guard case let .array(shapeValues)? = value["shape"] else { throw bad("missing shape") }
        var shape: [Int] = []
        for item in shapeValues {
            guard case let .int(size) = item, size >= 0 else { throw bad("shape entries must be non-negative integers") }
            shape.append(size)
        }
        guard case let .array(offsetValues)? = value["data_offsets"], offsetValues.count == 2,
              case let .int(begin) = offsetValues[0], case let .int(end) = offsetValues[1], begin >= 0, end >= begin else {
            throw bad("data_offsets must be two ascending non-negative integers")
        }
        let count = try StoredTensor.checkedProduct(shape, name: name)
        let (byteCount, overflow) = count.multipliedReportingOverflow(by: dtype.byteSize)
        guard !overflow, byteCount == end - begin else {
            throw CheckpointError.tensorOutOfBounds(
                tensor: name, reason: "\(dtypeName) shape \(shape) needs \(overflow ? "too many" : String(byteCount)) bytes but data_offsets span \(end - begin)")
        }
        return Entry(name: name, info: TensorInfo(dtype: dtype, shape: shape), dataOffsets: begin..<end)
    }

    static func load(buffer: ByteBuffer) throws -> (tensors: [StoredTensor], metadata: [String: String]) {
        let header = try parseHeader(bytes: buffer.bytes)
        let tensors = try header.entries.map { entry in
            try StoredTensor(name: entry.name, info: entry.info, buffer: buffer,
                             storageByteOffset: header.dataStart + entry.dataOffsets.lowerBound,
                             storageElements: entry.info.elementCount, elementOffset: 0,
                             strides: StoredTensor.contiguousStrides(entry.info.shape))
        }
        return (tensors, header.metadata)
    }
}
