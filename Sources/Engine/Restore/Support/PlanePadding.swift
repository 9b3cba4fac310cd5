import Foundation

/// Extending and cropping single planes around deconvolution.
enum PlanePadding {
    /// Index `i` folded into 0..<n by mirror reflection with the edge sample repeated
    /// (... 2 1 0 | 0 1 2 ... n-1 | n-1 n-2 ...), valid for any i.
    @inline(__always) static func reflect(_ i: Int, _ n: Int) -> Int {
        if n == 1 { return 0 }
        let period = 2 * n
        var k = i % period
        if k < 0 { k += period }
        return k < n ? k : period - 1 - k
    }

    /// The plane mirrored by `margin` on every side.
    static func reflectPad(_ plane: [Float], width: Int, height: Int, margin: Int) -> [Float] {
        let paddedWidth = width + 2 * margin, paddedHeight = height + 2 * margin
        var out = [Float](repeating: 0, count: paddedWidth * paddedHeight)
        for y in 0..<paddedHeight {
            let sy = reflect(y - margin, height) * width
            for x in 0..<paddedWidth { out[y * paddedWidth + x] = plane[sy + reflect(x - margin, width)] }
        }
        return out
    }

    /// The width x height window at (left, top) of a plane `fullWidth` wide.
    static func crop(_ plane: [Float], fullWidth: Int, left: Int, top: Int, width: Int, height: Int) -> [Float] {
        var out = [Float](repeating: 0, count: width * height)
        for y in 0..<height {
            for x in 0..<width { out[y * width + x] = plane[(y + top) * fullWidth + x + left] }
        }
        return out
    }

    /// The plane at the top-left of a gridWidth x gridHeight grid whose other cells cross-fade
    /// (raised cosine) from the mirrored right/bottom edge to the mirrored left/top edge, so
    /// the grid's periodic extension has no jump: FFT deconvolution then does not ring at the
    /// image border.
    static func periodicTaper(_ plane: [Float], width: Int, height: Int, gridWidth: Int, gridHeight: Int) -> [Float] {
        precondition(gridWidth >= width && gridHeight >= height)
        var grid = [Float](repeating: 0, count: gridWidth * gridHeight)
        for y in 0..<height {
            for x in 0..<width { grid[y * gridWidth + x] = plane[y * width + x] }
            fillGap(&grid, start: y * gridWidth, step: 1, length: width, total: gridWidth)
        }
        for x in 0..<gridWidth {
            fillGap(&grid, start: x, step: gridWidth, length: height, total: gridHeight)
        }
        return grid
    }

    /// Fills positions length..<total of the strided line from its first `length` samples.
    private static func fillGap(_ grid: inout [Float], start: Int, step: Int, length: Int, total: Int) {
        let gap = total - length
        guard gap > 0 else { return }
        for j in 0..<gap {
            let fromEnd = grid[start + step * reflect(length + j, length)]
            let fromStart = grid[start + step * reflect(j - gap, length)]
            let weight = Float(0.5 + 0.5 * cos(Double.pi * (Double(j) + 0.5) / Double(gap)))
            grid[start + step * (length + j)] = weight * fromEnd + (1 - weight) * fromStart
        }
    }
}
