import Foundation

/// Minimum over a (2r+1) x (2r+1) window clipped to the image, separably, with the van Herk /
/// Gil-Werman algorithm: about three comparisons per pixel and pass whatever the window size.
public enum MinFilter {
    public static func minimum(_ input: [Float], width: Int, height: Int, radius: Int) -> [Float] {
        precondition(input.count == width * height, "plane size does not match \(width)x\(height)")
        let r = max(0, radius)
        if r == 0 { return input }
        let rowsDone = minimumAlongRows(input, width: width, height: height, radius: r)
        let transposed = transpose(rowsDone, width: width, height: height)
        let columnsDone = minimumAlongRows(transposed, width: height, height: width, radius: r)
        return transpose(columnsDone, width: height, height: width)
    }

    /// Maximum over the same window (a min filter of the negated plane).
    public static func maximum(_ input: [Float], width: Int, height: Int, radius: Int) -> [Float] {
        minimum(input.map { -$0 }, width: width, height: height, radius: radius).map { -$0 }
    }

    static func minimumAlongRows(_ input: [Float], width: Int, height: Int, radius r: Int) -> [Float] {
        let window = 2 * r + 1
        // The row padded with +inf by r on each side, rounded up to whole blocks of `window`.
        let padded = ((width + 2 * r + window - 1) / window) * window
        var output = [Float](repeating: 0, count: input.count)
        input.withUnsafeBufferPointer { src in
            output.withUnsafeMutableBufferPointer { dst in
                let srcBase = src.baseAddress!, dstBase = dst.baseAddress!
                Parallel.forFixedChunks(height, grain: 64) { rows in
                    // One scratch block of three padded rows (line, prefix minima, suffix minima),
                    // read through a pointer: bounds checks here cost 3.7x (callgrind).
                    var scratch = [Float](repeating: .infinity, count: 3 * padded)
                    scratch.withUnsafeMutableBufferPointer { scratchBuffer in
                        let line = scratchBuffer.baseAddress!, prefixMin = line + padded, suffixMin = line + 2 * padded
                        for y in rows {
                            for x in 0..<width { line[r + x] = srcBase[y * width + x] }
                            var start = 0
                            while start < padded {
                                prefixMin[start] = line[start]
                                for i in (start + 1)..<(start + window) { prefixMin[i] = min(prefixMin[i - 1], line[i]) }
                                suffixMin[start + window - 1] = line[start + window - 1]
                                var i = start + window - 2
                                while i >= start { suffixMin[i] = min(suffixMin[i + 1], line[i]); i -= 1 }
                                start += window
                            }
                            // Output x covers padded positions x ... x + 2r.
                            let out = dstBase + y * width
                            for x in 0..<width { out[x] = min(suffixMin[x], prefixMin[x + window - 1]) }
                        }
                    }
                }
            }
        }
        return output
    }

    static func transpose(_ input: [Float], width: Int, height: Int) -> [Float] {
        precondition(input.count == width * height, "plane size does not match \(width)x\(height)")
        var output = [Float](repeating: 0, count: input.count)
        guard !input.isEmpty else { return output }
        input.withUnsafeBufferPointer { source in
            output.withUnsafeMutableBufferPointer { destination in
                // Raw pointers: the buffers' checked subscripts made the FFT's transposes 3.3x (callgrind).
                let src = source.baseAddress!, dst = destination.baseAddress!
                let block = 32
                var by = 0
                while by < height {
                    var bx = 0
                    while bx < width {
                        for y in by..<min(height, by + block) {
                            for x in bx..<min(width, bx + block) { dst[x * height + y] = src[y * width + x] }
                        }
                        bx += block
                    }
                    by += block
                }
            }
        }
        return output
    }
}
