/// Rewrites the CRC of every complete PNG chunk. libpng rejects a chunk whose CRC does not
/// match before it looks inside, so without this almost every mutation of a PNG dies at the
/// first CRC check and the chunk parsers (IHDR, PLTE, tRNS, IDAT, ...) are never reached.
enum PNGChunkRepair {
    static let table: [UInt32] = (0..<256).map { n -> UInt32 in
        var c = UInt32(n)
        for _ in 0..<8 { c = c & 1 != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
        return c
    }

    static func crc32(_ bytes: ArraySlice<UInt8>) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes { crc = table[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8) }
        return crc ^ 0xFFFF_FFFF
    }

    /// Returns the bytes with each chunk's CRC recomputed; anything that is not a PNG is returned as is.
    static func repaired(_ input: [UInt8]) -> [UInt8] {
        guard input.count >= 8, input[0] == 0x89, input[1] == 0x50 else { return input }
        var bytes = input
        var offset = 8
        while offset + 12 <= bytes.count {
            let length = bytes[offset..<offset + 4].reduce(0) { $0 << 8 | Int($1) }
            let end = offset + 8 + length
            guard length >= 0, end + 4 <= bytes.count else { break }
            let crc = crc32(bytes[offset + 4..<end])
            for i in 0..<4 { bytes[end + i] = UInt8(truncatingIfNeeded: crc >> (24 - 8 * i)) }
            offset = end + 4
        }
        return bytes
    }
}
