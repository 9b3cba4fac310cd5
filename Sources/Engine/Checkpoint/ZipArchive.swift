/// The central directory of a ZIP archive (with ZIP64 support), as written by
/// torch.save: entries are stored uncompressed, so each is a byte range of the file.
struct ZipArchive {
    struct Entry: Equatable {
        let name: String
        let dataOffset: Int
        let size: Int
    }

    let entries: [Entry]

    private static let endSignature: UInt32 = 0x0605_4B50
    private static let zip64LocatorSignature: UInt32 = 0x0706_4B50
    private static let zip64EndSignature: UInt32 = 0x0606_4B50
    private static let centralSignature: UInt32 = 0x0201_4B50
    private static let localSignature: UInt32 = 0x0403_4B50

    static func isZip(_ bytes: UnsafeRawBufferPointer) -> Bool {
        bytes.count >= 4 && bytes[0] == 0x50 && bytes[1] == 0x4B && bytes[2] == 0x03 && bytes[3] == 0x04
    }

    init(bytes: UnsafeRawBufferPointer) throws {
        let endOffset = try Self.findEndRecord(bytes)
        var end = ByteReader(bytes, what: "zip end record", offset: endOffset + 4)
        try end.skip(6)
        var entryCount = Int(try end.uint16())
        var directorySize = Int(try end.uint32())
        var directoryOffset = Int(try end.uint32())
        if entryCount == 0xFFFF || directorySize == 0xFFFF_FFFF || directoryOffset == 0xFFFF_FFFF {
            (entryCount, directorySize, directoryOffset) = try Self.readZip64End(bytes, endOffset: endOffset)
        }
        guard directoryOffset <= bytes.count, directorySize <= bytes.count - directoryOffset else {
            throw CheckpointError.truncated(what: "zip central directory", offset: directoryOffset, count: directorySize,
                                            available: bytes.count)
        }
        var reader = ByteReader(bytes, what: "zip central directory", offset: directoryOffset)
        var entries: [Entry] = []
        for _ in 0..<entryCount {
            entries.append(try Self.readCentralEntry(&reader, file: bytes))
        }
        self.entries = entries
    }

    private static func findEndRecord(_ bytes: UnsafeRawBufferPointer) throws -> Int {
        let minimum = 22
        guard bytes.count >= minimum else {
            throw CheckpointError.truncated(what: "zip archive", needed: minimum, available: bytes.count)
        }
        let lowest = max(0, bytes.count - minimum - 0xFFFF)
        var offset = bytes.count - minimum
        while offset >= lowest {
            if bytes[offset] == 0x50, bytes[offset + 1] == 0x4B, bytes[offset + 2] == 0x05, bytes[offset + 3] == 0x06 {
                return offset
            }
            offset -= 1
        }
        throw CheckpointError.malformed(what: "zip archive", reason: "no end-of-central-directory record (file truncated?)")
    }

    private static func readZip64End(_ bytes: UnsafeRawBufferPointer, endOffset: Int) throws -> (Int, Int, Int) {
        guard endOffset >= 20 else {
            throw CheckpointError.malformed(what: "zip64 archive", reason: "missing zip64 locator")
        }
        var locator = ByteReader(bytes, what: "zip64 locator", offset: endOffset - 20)
        guard try locator.uint32() == zip64LocatorSignature else {
            throw CheckpointError.malformed(what: "zip64 archive", reason: "missing zip64 locator")
        }
        try locator.skip(4)
        let recordOffset = try checkedInt(try locator.uint64(), "zip64 end record offset")
        var record = ByteReader(bytes, what: "zip64 end record", offset: recordOffset)
        guard try record.uint32() == zip64EndSignature else {
            throw CheckpointError.malformed(what: "zip64 archive", reason: "bad zip64 end record signature")
        }
        try record.skip(8 + 2 + 2 + 4 + 4 + 8)
        let count = try checkedInt(try record.uint64(), "zip64 entry count")
        let size = try checkedInt(try record.uint64(), "zip64 directory size")
        let offset = try checkedInt(try record.uint64(), "zip64 directory offset")
        return (count, size, offset)
    }

    private static func checkedInt(_ value: UInt64, _ what: String) throws -> Int {
        guard value <= UInt64(Int32.max) * 1024 else {
            throw CheckpointError.malformed(what: what, reason: "value \(value) is out of range")
        }
        return Int(value)
    }

    private static func readCentralEntry(_ reader: inout ByteReader, file: UnsafeRawBufferPointer) throws -> Entry {
        guard try reader.uint32() == centralSignature else {
            throw CheckpointError.malformed(what: "zip central directory", reason: "bad entry signature at byte \(reader.offset - 4)")
        }
        try reader.skip(6)
        let method = Int(try reader.uint16())
        try reader.skip(8)
        var compressedSize = UInt64(try reader.uint32())
        var size = UInt64(try reader.uint32())
        let nameLength = Int(try reader.uint16())
        let extraLength = Int(try reader.uint16())
        let commentLength = Int(try reader.uint16())
        try reader.skip(8)
        var localOffset = UInt64(try reader.uint32())
        let nameBytes = try reader.byteArray(nameLength)
        let extra = try reader.slice(extraLength)
        try reader.skip(commentLength)
        let name = String(decoding: nameBytes, as: UTF8.self)

        var extraReader = ByteReader(extra, what: "zip extra field of '\(name)'")
        while extraReader.remaining >= 4 {
            let tag = try extraReader.uint16()
            let length = Int(try extraReader.uint16())
            var field = ByteReader(try extraReader.slice(length), what: "zip64 field of '\(name)'")
            guard tag == 0x0001 else { continue }
            if size == 0xFFFF_FFFF { size = try field.uint64() }
            if compressedSize == 0xFFFF_FFFF { compressedSize = try field.uint64() }
            if localOffset == 0xFFFF_FFFF { localOffset = try field.uint64() }
        }
        guard method == 0 else { throw CheckpointError.compressedEntry(name: name, method: method) }
        guard compressedSize == size else {
            throw CheckpointError.malformed(what: "zip entry '\(name)'", reason: "stored sizes disagree")
        }
        let byteCount = try checkedInt(size, "size of '\(name)'")
        let headerOffset = try checkedInt(localOffset, "offset of '\(name)'")

        var local = ByteReader(file, what: "zip local header of '\(name)'", offset: headerOffset)
        guard try local.uint32() == localSignature else {
            throw CheckpointError.malformed(what: "zip entry '\(name)'", reason: "bad local header signature")
        }
        try local.skip(22)
        let localNameLength = Int(try local.uint16())
        let localExtraLength = Int(try local.uint16())
        try local.skip(localNameLength + localExtraLength)
        let dataOffset = local.offset
        guard byteCount <= file.count - dataOffset else {
            throw CheckpointError.truncated(what: "zip entry '\(name)'", offset: dataOffset, count: byteCount, available: file.count)
        }
        return Entry(name: name, dataOffset: dataOffset, size: byteCount)
    }
}
