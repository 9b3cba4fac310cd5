/// Smooth random fields (value noise): random values on a coarse lattice laid over the
/// image's normalized coordinates, interpolated with a smoothstep, several octaves summed.
/// The lattice depends only on the seed and the aspect ratio, so the field is the same
/// picture at any resolution.
enum SmoothNoise {
    /// Values in [0, 1]; `cells` lattice cells across the image's geometric-mean side.
    static func field(width: Int, height: Int, cells: Float, octaves: Int, seed: UInt64) -> [Float] {
        var output = [Float](repeating: 0, count: width * height)
        let side = (Float(width) * Float(height)).squareRoot()
        var amplitude: Float = 1, total: Float = 0
        for octave in 0..<octaves {
            let scale = cells * Float(1 << octave)
            let cellsX = max(1, Int((scale * Float(width) / side).rounded(.up)))
            let cellsY = max(1, Int((scale * Float(height) / side).rounded(.up)))
            var random = SeededRandom(seed, UInt64(octave))
            let lattice = (0..<((cellsX + 1) * (cellsY + 1))).map { _ in random.uniform() }
            accumulate(into: &output, width: width, height: height, lattice: lattice,
                       cellsX: cellsX, cellsY: cellsY, amplitude: amplitude)
            total += amplitude
            amplitude *= 0.5
        }
        let norm = 1 / total
        for i in output.indices { output[i] *= norm }
        return output
    }

    private static func accumulate(into output: inout [Float], width: Int, height: Int, lattice: [Float],
                                   cellsX: Int, cellsY: Int, amplitude: Float) {
        // Per-column lattice index and weight, computed once.
        var columnCell = [Int](repeating: 0, count: width)
        var columnWeight = [Float](repeating: 0, count: width)
        for x in 0..<width {
            let u = (Float(x) + 0.5) / Float(width) * Float(cellsX)
            let cell = min(Int(u), cellsX - 1)
            let t = u - Float(cell)
            columnCell[x] = cell
            columnWeight[x] = t * t * (3 - 2 * t)
        }
        let stride = cellsX + 1
        output.withUnsafeMutableBufferPointer { out in
            lattice.withUnsafeBufferPointer { grid in
                for y in 0..<height {
                    let v = (Float(y) + 0.5) / Float(height) * Float(cellsY)
                    let cell = min(Int(v), cellsY - 1)
                    var ty = v - Float(cell)
                    ty = ty * ty * (3 - 2 * ty)
                    let top = cell * stride, bottom = top + stride
                    for x in 0..<width {
                        let c = columnCell[x], tx = columnWeight[x]
                        let upper = grid[top + c] + (grid[top + c + 1] - grid[top + c]) * tx
                        let lower = grid[bottom + c] + (grid[bottom + c + 1] - grid[bottom + c]) * tx
                        out[y * width + x] += amplitude * (upper + (lower - upper) * ty)
                    }
                }
            }
        }
    }
}
