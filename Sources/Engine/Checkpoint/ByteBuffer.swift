#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// Read-only bytes that stay valid for the buffer's lifetime: either a memory-mapped file
/// (weights are paged in only when a tensor is read) or a private copy of in-memory data.
final class ByteBuffer: @unchecked Sendable {
    let bytes: UnsafeRawBufferPointer
    private let release: () -> Void

    private init(bytes: UnsafeRawBufferPointer, release: @escaping () -> Void) {
        self.bytes = bytes
        self.release = release
    }

    deinit { release() }

    var count: Int { bytes.count }

    /// Copies `data`; used for parsing bytes that did not come from a file (tests, fuzzing).
    convenience init(copying data: Data) {
        let storage = UnsafeMutableRawBufferPointer.allocate(byteCount: max(data.count, 1), alignment: 64)
        data.withUnsafeBytes { source in
            if let base = source.baseAddress, source.count > 0 {
                storage.baseAddress!.copyMemory(from: base, byteCount: source.count)
            }
        }
        self.init(bytes: UnsafeRawBufferPointer(rebasing: storage[0..<data.count])) { storage.deallocate() }
    }

    /// Maps a whole file read-only.
    static func map(path: String) throws -> ByteBuffer {
        let descriptor: Int32
        do { descriptor = try InputFile.openRegular(path) } catch let error as FileError {
            throw CheckpointError.cannotOpen(path: path, reason: error.reason)
        }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else {
            throw CheckpointError.cannotOpen(path: path, reason: String(cString: strerror(errno)))
        }
        guard (info.st_mode & S_IFMT) == S_IFREG else {
            throw CheckpointError.cannotOpen(path: path, reason: "not a regular file")
        }
        let size = Int(info.st_size)
        if size == 0 {
            return ByteBuffer(copying: Data())
        }
        guard let address = mmap(nil, size, PROT_READ, MAP_PRIVATE, descriptor, 0), address != MAP_FAILED else {
            throw CheckpointError.cannotOpen(path: path, reason: "mmap failed: \(String(cString: strerror(errno)))")
        }
        return ByteBuffer(bytes: UnsafeRawBufferPointer(start: address, count: size)) { munmap(address, size) }
    }
}

/// Bounds-checked little-endian reads; every failure is a thrown error, never a trap.
struct ByteReader {
    let bytes: UnsafeRawBufferPointer
    let what: String
    var offset: Int

    init(_ bytes: UnsafeRawBufferPointer, what: String, offset: Int = 0) {
        self.bytes = bytes
        self.what = what
        self.offset = offset
    }

    var remaining: Int { offset <= bytes.count ? bytes.count - offset : 0 }

    func require(_ count: Int) throws {
        guard count >= 0, offset >= 0, offset <= bytes.count, count <= bytes.count - offset else {
            throw CheckpointError.truncated(what: what, offset: offset, count: count, available: bytes.count)
        }
    }

    mutating func skip(_ count: Int) throws {
        try require(count)
        offset += count
    }

    mutating func uint8() throws -> UInt8 {
        try require(1)
        defer { offset += 1 }
        return bytes[offset]
    }

    mutating func uint16() throws -> UInt16 {
        try require(2)
        defer { offset += 2 }
        return UInt16(bytes[offset]) | UInt16(bytes[offset + 1]) << 8
    }

    mutating func uint32() throws -> UInt32 {
        try require(4)
        var value: UInt32 = 0
        for index in 0..<4 { value |= UInt32(bytes[offset + index]) << (8 * index) }
        offset += 4
        return value
    }

    mutating func uint64() throws -> UInt64 {
        try require(8)
        var value: UInt64 = 0
        for index in 0..<8 { value |= UInt64(bytes[offset + index]) << (8 * index) }
        offset += 8
        return value
    }

    mutating func slice(_ count: Int) throws -> UnsafeRawBufferPointer {
        try require(count)
        defer { offset += count }
        return UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + count)])
    }

    mutating func byteArray(_ count: Int) throws -> [UInt8] {
        Array(try slice(count))
    }
}
