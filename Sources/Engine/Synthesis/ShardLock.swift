import Foundation

/// An advisory lock (flock) on one shard of an output folder, held for the whole run: two runs
/// of the same shard into the same folder would both make every sample and append duplicate
/// manifest lines. The holder writes its pid into the lock file, so a refused run can name it.
/// The kernel drops the lock when the holder exits, even by kill -9; a finished run removes
/// the file.
final class ShardLock {
    let descriptor: Int32
    let path: String
    private var released = false

    private init(descriptor: Int32, path: String) {
        self.descriptor = descriptor
        self.path = path
    }

    deinit { release() }

    static func fileName(_ shard: Shard) -> String { ".manifest-\(shard.fileTag).lock" }

    /// Takes the lock of `shard` in `folder`, or throws `SynthesisError.shardBusy`.
    static func acquire(folder: String, shard: Shard) throws -> ShardLock {
        let path = (folder as NSString).appendingPathComponent(fileName(shard))
        // A finishing holder unlinks the file; a lock won on the unlinked file is retried on the new one.
        for _ in 0..<100 {
            let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
            guard descriptor >= 0 else {
                throw SynthesisError.badOutputFolder(folder, "cannot create the lock \(path): \(FileError.reason(errno: errno))")
            }
            guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
                // The holder writes its pid just after taking the lock: give it a moment to.
                var holder = readPID(descriptor)
                for _ in 0..<50 where holder == nil {
                    usleep(10_000)
                    holder = readPID(descriptor)
                }
                close(descriptor)
                throw SynthesisError.shardBusy(folder: folder, shard: shard.description, holder: holder, lock: path)
            }
            var held = stat(), named = stat()
            guard fstat(descriptor, &held) == 0, stat(path, &named) == 0, held.st_ino == named.st_ino, held.st_dev == named.st_dev else {
                close(descriptor)
                continue
            }
            let text = Array("\(getpid())\n".utf8)
            _ = ftruncate(descriptor, 0)
            _ = text.withUnsafeBytes { pwrite(descriptor, $0.baseAddress, $0.count, 0) }
            return ShardLock(descriptor: descriptor, path: path)
        }
        throw SynthesisError.badOutputFolder(folder, "cannot take the lock \(path): it keeps being replaced")
    }

    /// Removes the lock file, then lets go of the lock.
    func release() {
        guard !released else { return }
        released = true
        unlink(path)
        close(descriptor)
    }

    static func readPID(_ descriptor: Int32) -> Int32? {
        var buffer = [UInt8](repeating: 0, count: 32)
        let count = buffer.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, $0.count, 0) }
        guard count > 0 else { return nil }
        return Int32(String(decoding: buffer[..<count], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
    }
}
