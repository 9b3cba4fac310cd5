import Foundation

/// Splits index ranges over the cores. The split depends only on `count` and `grain`,
/// never on the number of threads, so work that draws random numbers per chunk stays
/// deterministic.
enum DegradeParallel {
    static func forEachChunk(_ count: Int, grain: Int, _ body: (Range<Int>) -> Void) {
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
