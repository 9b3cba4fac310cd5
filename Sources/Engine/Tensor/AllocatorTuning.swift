import Foundation

/// glibc serves every block above its mmap threshold (grown dynamically, at most 32 MiB)
/// with fresh pages, so each layer's activation costs page faults and kernel zeroing, and
/// it hands freed heap tops back to the kernel eagerly. Network activations are allocated
/// and freed in the same sizes over and over, so keep them in the heap instead.
enum AllocatorTuning {
    static let applied: Void = {
        #if os(Linux)
        // mallopt is not in the Glibc module map; look it up instead (absent on musl).
        typealias MallOpt = @convention(c) (Int32, Int32) -> Int32
        guard let symbol = dlsym(nil, "mallopt") else { return }
        let mallopt = unsafeBitCast(symbol, to: MallOpt.self)
        let (trimThreshold, topPad, mmapThreshold): (Int32, Int32, Int32) = (-1, -2, -3)  // <malloc.h>
        _ = mallopt(mmapThreshold, 32 << 20)
        _ = mallopt(trimThreshold, 512 << 20)
        _ = mallopt(topPad, 64 << 20)
        #endif
    }()
}
