/// A gzip (RFC 1952) reader with its own DEFLATE (RFC 1951) decoder, so vocabulary files can
/// be read as shipped (open_clip's bpe_simple_vocab_16e6.txt.gz) without a zlib dependency.
enum Gzip {
    enum DecodeError: Error, Equatable, CustomStringConvertible {
        case notGzip
        case truncated
        case corrupt(String)

        var description: String {
            switch self {
            case .notGzip: return "not a gzip stream"
            case .truncated: return "the gzip stream ends early"
            case .corrupt(let why): return "corrupt gzip stream: \(why)"
            }
        }
    }

    static func isGzip(_ bytes: [UInt8]) -> Bool {
        bytes.count >= 2 && bytes[0] == 0x1F && bytes[1] == 0x8B
    }

    /// The decompressed contents of every member of a gzip file, concatenated.
    static func decompress(_ bytes: [UInt8]) throws -> [UInt8] {
        guard isGzip(bytes) else { throw DecodeError.notGzip }
        var output: [UInt8] = []
        var position = 0
        while position < bytes.count {
            let memberStart = output.count
            position = try skipHeader(bytes, at: position)
            var reader = BitReader(bytes: bytes, position: position)
            try Inflater.inflate(&reader, into: &output)
            position = reader.alignedPosition
            guard position + 8 <= bytes.count else { throw DecodeError.truncated }
            let crc = readLE32(bytes, position)
            let size = readLE32(bytes, position + 4)
            position += 8
            guard UInt32(truncatingIfNeeded: output.count - memberStart) == size else { throw DecodeError.corrupt("length mismatch") }
            guard CRC32.checksum(output[memberStart...]) == crc else { throw DecodeError.corrupt("CRC mismatch") }
            while position < bytes.count, bytes[position] == 0 { position += 1 }  // padding after the last member
        }
        return output
    }

    private static func readLE32(_ bytes: [UInt8], _ at: Int) -> UInt32 {
        UInt32(bytes[at]) | UInt32(bytes[at + 1]) << 8 | UInt32(bytes[at + 2]) << 16 | UInt32(bytes[at + 3]) << 24
    }

    private static func skipHeader(_ bytes: [UInt8], at start: Int) throws -> Int {
        guard start + 10 <= bytes.count else { throw DecodeError.truncated }
        guard bytes[start] == 0x1F, bytes[start + 1] == 0x8B else { throw DecodeError.notGzip }
        guard bytes[start + 2] == 8 else { throw DecodeError.corrupt("compression method \(bytes[start + 2]) is not DEFLATE") }
        let flags = bytes[start + 3]
        var position = start + 10
        if flags & 0x04 != 0 {
            guard position + 2 <= bytes.count else { throw DecodeError.truncated }
            position += 2 + Int(bytes[position]) + Int(bytes[position + 1]) << 8
        }
        for flag: UInt8 in [0x08, 0x10] where flags & flag != 0 {  // zero-terminated name, comment
            while position < bytes.count, bytes[position] != 0 { position += 1 }
            position += 1
        }
        if flags & 0x02 != 0 { position += 2 }
        guard position <= bytes.count else { throw DecodeError.truncated }
        return position
    }
}

/// Reads DEFLATE's little-endian bit stream.
struct BitReader {
    let bytes: [UInt8]
    private(set) var position: Int
    private var buffer: UInt64 = 0
    private var count = 0

    init(bytes: [UInt8], position: Int) {
        self.bytes = bytes
        self.position = position
    }

    mutating func bits(_ n: Int) throws -> Int {
        while count < n {
            guard position < bytes.count else { throw Gzip.DecodeError.truncated }
            buffer |= UInt64(bytes[position]) << UInt64(count)
            position += 1
            count += 8
        }
        let value = Int(buffer & ((1 << UInt64(n)) - 1))
        buffer >>= UInt64(n)
        count -= n
        return value
    }

    /// Drops the bits left in the current byte (stored blocks and the gzip trailer are byte-aligned).
    mutating func alignToByte() {
        buffer >>= UInt64(count % 8)
        count -= count % 8
    }

    /// The byte position after the last consumed bit, once aligned.
    var alignedPosition: Int { position - count / 8 }
}

enum Inflater {
    private static let lengthBase = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258]
    private static let lengthExtra = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0]
    private static let distanceBase = [1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577]
    private static let distanceExtra = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13]
    private static let codeLengthOrder = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15]

    static func inflate(_ reader: inout BitReader, into output: inout [UInt8]) throws {
        var last = false
        while !last {
            last = try reader.bits(1) == 1
            switch try reader.bits(2) {
            case 0: try stored(&reader, into: &output)
            case 1: try compressed(&reader, into: &output, literals: fixedLiterals, distances: fixedDistances)
            case 2:
                let (literals, distances) = try dynamicTables(&reader)
                try compressed(&reader, into: &output, literals: literals, distances: distances)
            default: throw Gzip.DecodeError.corrupt("reserved block type")
            }
        }
        reader.alignToByte()
    }

    private static func stored(_ reader: inout BitReader, into output: inout [UInt8]) throws {
        reader.alignToByte()
        let length = try reader.bits(16)
        guard try reader.bits(16) == length ^ 0xFFFF else { throw Gzip.DecodeError.corrupt("stored block length check") }
        for _ in 0..<length { output.append(UInt8(try reader.bits(8))) }
    }

    private static let fixedLiterals = Huffman(lengths: (0..<288).map { $0 < 144 ? 8 : $0 < 256 ? 9 : $0 < 280 ? 7 : 8 })
    private static let fixedDistances = Huffman(lengths: [Int](repeating: 5, count: 30))

    private static func dynamicTables(_ reader: inout BitReader) throws -> (Huffman, Huffman) {
        let literalCount = try reader.bits(5) + 257
        let distanceCount = try reader.bits(5) + 1
        let codeLengthCount = try reader.bits(4) + 4
        var codeLengthLengths = [Int](repeating: 0, count: 19)
        for i in 0..<codeLengthCount { codeLengthLengths[codeLengthOrder[i]] = try reader.bits(3) }
        let codeLengths = Huffman(lengths: codeLengthLengths)
        var lengths: [Int] = []
        while lengths.count < literalCount + distanceCount {
            let symbol = try codeLengths.decode(&reader)
            switch symbol {
            case 0...15: lengths.append(symbol)
            case 16:
                guard let previous = lengths.last else { throw Gzip.DecodeError.corrupt("repeat with no previous length") }
                lengths += [Int](repeating: previous, count: 3 + (try reader.bits(2)))
            case 17: lengths += [Int](repeating: 0, count: 3 + (try reader.bits(3)))
            default: lengths += [Int](repeating: 0, count: 11 + (try reader.bits(7)))
            }
        }
        guard lengths.count == literalCount + distanceCount else { throw Gzip.DecodeError.corrupt("code lengths overrun") }
        return (Huffman(lengths: Array(lengths[..<literalCount])), Huffman(lengths: Array(lengths[literalCount...])))
    }

    private static func compressed(_ reader: inout BitReader, into output: inout [UInt8], literals: Huffman, distances: Huffman) throws {
        while true {
            let symbol = try literals.decode(&reader)
            if symbol < 256 {
                output.append(UInt8(symbol))
            } else if symbol == 256 {
                return
            } else {
                let lengthIndex = symbol - 257
                guard lengthIndex < lengthBase.count else { throw Gzip.DecodeError.corrupt("bad length symbol") }
                let length = lengthBase[lengthIndex] + (try reader.bits(lengthExtra[lengthIndex]))
                let distanceSymbol = try distances.decode(&reader)
                guard distanceSymbol < distanceBase.count else { throw Gzip.DecodeError.corrupt("bad distance symbol") }
                let distance = distanceBase[distanceSymbol] + (try reader.bits(distanceExtra[distanceSymbol]))
                guard distance <= output.count else { throw Gzip.DecodeError.corrupt("distance beyond the start") }
                let start = output.count - distance
                for k in 0..<length { output.append(output[start + k]) }  // may overlap the bytes it writes
            }
        }
    }
}

/// A canonical Huffman code, decoded bit by bit (counts per length, symbols in code order).
struct Huffman {
    private var counts = [Int](repeating: 0, count: 16)
    private var symbols: [Int] = []

    init(lengths: [Int]) {
        for length in lengths { counts[length] += 1 }
        counts[0] = 0
        var offsets = [Int](repeating: 0, count: 16)
        for length in 1..<15 { offsets[length + 1] = offsets[length] + counts[length] }
        symbols = [Int](repeating: 0, count: lengths.count)
        for (symbol, length) in lengths.enumerated() where length != 0 {
            symbols[offsets[length]] = symbol
            offsets[length] += 1
        }
    }

    func decode(_ reader: inout BitReader) throws -> Int {
        var code = 0, first = 0, index = 0
        for length in 1...15 {
            code |= try reader.bits(1)
            let count = counts[length]
            if code - first < count { return symbols[index + code - first] }
            index += count
            first = (first + count) << 1
            code <<= 1
        }
        throw Gzip.DecodeError.corrupt("invalid Huffman code")
    }
}

/// The CRC-32 of gzip, zip and PNG chunks.
public enum CRC32 {
    private static let table: [UInt32] = (0..<256).map { n in
        var c = UInt32(n)
        for _ in 0..<8 { c = c & 1 != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
        return c
    }

    public static func checksum(_ bytes: ArraySlice<UInt8>) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes { crc = table[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8) }
        return crc ^ 0xFFFF_FFFF
    }
}
