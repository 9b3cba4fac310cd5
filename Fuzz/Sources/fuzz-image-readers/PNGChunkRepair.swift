import GenDegEngine

/// Rewrites the CRC of every complete PNG chunk. libpng rejects a chunk whose CRC does not
/// match before it looks inside, so without this almost every mutation of a PNG dies at the
/// first CRC check and the chunk parsers (IHDR, PLTE, tRNS, IDAT, ...) are never reached.
enum PNGChunkRepair {
    /// Returns the bytes with each chunk's CRC recomputed; anything that is not a PNG is returned as is.
    static func repaired(_ input: [UInt8]) -> [UInt8] {
        guard input.count >= 8, input[0] == 0x89, input[1] == 0x50 else { return input }
        var bytes = input
        var offset = 8
        while offset + 12 <= bytes.count {
            let length = bytes[offset..<offset + 4].reduce(0) { $0 << 8 | Int($1) }
            let end = offset + 8 + length
            guard length >= 0, end + 4 <= bytes.count else { break }
            let crc = CRC32.checksum(bytes[offset + 4..<end])
            for i in 0..<4 { bytes[end + i] = UInt8(truncatingIfNeeded: crc >> (24 - 8 * i)) }
            offset = end + 4
        }
        return bytes
    }
}
