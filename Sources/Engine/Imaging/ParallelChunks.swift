import Foundation

/// Splits `0..<count` into chunks of `grain` items and runs them over the cores. The split
/// depends only on `count` and `grain`, never on the number of threads, so work that draws
/// random numbers per chunk stays deterministic. Runs inline when there is only one chunk,
/// so small images pay no dispatch cost.
enum ParallelChunks {
    static func forEach(_ count: Int, grain: Int, _ body: (Range<Int>) -> Void) {
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
}
