import Foundation

/// Reusable float buffers for temporaries (im2col columns, attention scores), so a forward
/// pass does not map and fault in fresh pages for every layer.
final class ScratchPool: @unchecked Sendable {
    static let shared = ScratchPool()

    private let lock = NSLock()
    private var idle: [UnsafeMutableBufferPointer<Float>] = []

    /// Lends a buffer of at least `count` floats (contents undefined) for the duration of `body`.
    func withBuffer<R>(_ count: Int, _ body: (UnsafeMutablePointer<Float>) throws -> R) rethrows -> R {
        let buffer = take(max(count, 1))
        defer { give(buffer) }
        return try body(buffer.baseAddress!)
    }

    private func take(_ count: Int) -> UnsafeMutableBufferPointer<Float> {
        lock.lock()
        defer { lock.unlock() }
        if let fit = idle.indices.filter({ idle[$0].count >= count }).min(by: { idle[$0].count < idle[$1].count }) {
            return idle.remove(at: fit)
        }
        if let largest = idle.indices.max(by: { idle[$0].count < idle[$1].count }) {
            idle.remove(at: largest).deallocate()
        }
        return UnsafeMutableBufferPointer<Float>.allocate(capacity: count)
    }

    private func give(_ buffer: UnsafeMutableBufferPointer<Float>) {
        lock.lock()
        idle.append(buffer)
        lock.unlock()
    }

    /// Frees every idle buffer (after a model run, to return memory).
    func drain() {
        lock.lock()
        for buffer in idle { buffer.deallocate() }
        idle.removeAll()
        lock.unlock()
    }
}
