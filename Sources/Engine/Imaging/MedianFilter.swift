import Foundation

/// Median over a (2r+1) x (2r+1) window with edge replication, by Huang's sliding histogram on
/// samples quantized to 256 levels (the result is exact to within 1/510).
public enum MedianFilter {
    public static func median(_ input: [Float], width: Int, height: Int, radius: Int) -> [Float] {
        precondition(input.count == width * height, "plane size does not match \(width)x\(height)")
        let r = max(0, radius)
        if r == 0 { return input }
        let levels = input.map { UInt8(min(max($0, 0), 1) * 255 + 0.5) }
        let rank = Int32((2 * r + 1) * (2 * r + 1) / 2)
        var output = [Float](repeating: 0, count: input.count)
        levels.withUnsafeBufferPointer { q in
            output.withUnsafeMutableBufferPointer { dst in
                let qBase = q.baseAddress!, dstBase = dst.baseAddress!
                Parallel.forFixedChunks(height, grain: 32) { rows in
                    var histogramStorage = [Int32](repeating: 0, count: 256)
                    // Unchecked access to the histogram: bounds checks here cost 1.9x (callgrind);
                    // every index is a UInt8 level or a bin kept inside 0...255 by the rank search.
                    histogramStorage.withUnsafeMutableBufferPointer { histogramBuffer in
                        let histogram = histogramBuffer.baseAddress!
                        for y in rows {
                            for i in 0..<256 { histogram[i] = 0 }
                            let rowsInWindow = (-r...r).map { min(max(y + $0, 0), height - 1) * width }
                            for rowStart in rowsInWindow {
                                for dx in -r...r { histogram[Int(qBase[rowStart + min(max(dx, 0), width - 1)])] += 1 }
                            }
                            var bin = 0, below: Int32 = 0
                            for x in 0..<width {
                                if x > 0 {
                                    let leaving = max(x - r - 1, 0), entering = min(x + r, width - 1)
                                    for rowStart in rowsInWindow {
                                        let out = Int(qBase[rowStart + leaving]), into = Int(qBase[rowStart + entering])
                                        histogram[out] -= 1
                                        histogram[into] += 1
                                        if out < bin { below -= 1 }
                                        if into < bin { below += 1 }
                                    }
                                }
                                // Move `bin` until below <= rank < below + histogram[bin].
                                while below > rank { bin -= 1; below -= histogram[bin] }
                                while below + histogram[bin] <= rank { below += histogram[bin]; bin += 1 }
                                dstBase[y * width + x] = Float(bin) / 255
                            }
                        }
                    }
                }
            }
        }
        return output
    }
}
