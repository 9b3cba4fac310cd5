import Foundation

/// Splits index ranges over the CPU cores for elementwise and normalization passes.
/// Matrix products get their threads from OpenBLAS instead.
enum Parallel {
    static let cores = max(1, ProcessInfo.processInfo.activeProcessorCount)

    /// Runs `body` over contiguous chunks covering 0..<count. Work below `grain` items per
    /// chunk runs on the calling thread.
    static func forChunks(_ count: Int, grain: Int = 4096, _ body: (Range<Int>) -> Void) {
        guard count > 0 else { return }
        let chunks = min(cores * 4, max(1, count / max(grain, 1)))
        if chunks <= 1 {
            body(0..<count)
            return
        }
        let size = (count + chunks - 1) / chunks
        DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
            let start = chunk * size
            let end = min(count, start + size)
            if start < end { body(start..<end) }
        }
    }

    /// Runs `body` over chunks of exactly `grain` items (the last may be shorter). Unlike
    /// `forChunks`, the split depends only on `count` and `grain`, never on the number of
    /// cores, so work that draws random numbers per chunk (the degradations) stays
    /// deterministic. One chunk runs inline, so small images pay no dispatch cost.
    static func forFixedChunks(_ count: Int, grain: Int, _ body: (Range<Int>) -> Void) {
        guard count > 0 else { return }
        let grain = max(1, grain)
        let chunks = (count + grain - 1) / grain
        if chunks == 1 {
            body(0..<count)
            return
        }
        DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
            let start = chunk * grain
            body(start..<min(count, start + grain))
        }
    }

    /// Runs `body(i)` for each i in 0..<count, spread over the cores (each item is large).
    static func forEach(_ count: Int, _ body: (Int) -> Void) {
        if count <= 1 || cores == 1 {
            for i in 0..<count { body(i) }
        } else {
            DispatchQueue.concurrentPerform(iterations: count, execute: body)
        }
    }
}
