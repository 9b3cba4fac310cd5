/// Separable box blurs with a real-valued radius (the two end taps weigh the fractional
/// part), so blur strength changes continuously with the radius. Three passes approximate a
/// Gaussian. Edges repeat the border sample. Planes are stored back to back, `width * height`
/// samples each.
enum BoxBlur {
    /// Approximates a Gaussian of standard deviation `sigma` (pixels) on every plane.
    static func gaussian(_ planes: inout [Float], width: Int, height: Int, sigma: Float) {
        guard sigma > 0, !planes.isEmpty else { return }
        let radius = radius(forVariance: sigma * sigma / 3)
        box(&planes, width: width, height: height, radiusX: radius, radiusY: radius, passes: 3)
    }

    /// The real radius whose box has the given variance. With n whole taps each side and end
    /// taps of weight f, the variance is (n (n + 1) (2n + 1) / 3 + 2 f (n + 1)^2) / (2n + 1 + 2f).
    static func radius(forVariance variance: Float) -> Float {
        var n: Float = 0
        while (n + 1) * (n + 2) / 3 <= variance { n += 1 }
        let whole = n * (n + 1) * (2 * n + 1) / 3
        let f = (variance * (2 * n + 1) - whole) / (2 * (n + 1) * (n + 1) - 2 * variance)
        return n + min(max(f, 0), 1)
    }

    /// `passes` box blurs with horizontal radius `radiusX` and vertical radius `radiusY`.
    static func box(_ planes: inout [Float], width: Int, height: Int, radiusX: Float, radiusY: Float, passes: Int) {
        let planeSize = width * height
        precondition(planeSize > 0 && planes.count % planeSize == 0)
        let planeCount = planes.count / planeSize, total = planes.count
        var scratch = [Float](repeating: 0, count: planes.count)
        planes.withUnsafeMutableBufferPointer { data in
            scratch.withUnsafeMutableBufferPointer { temp in
                let a = data.baseAddress!, b = temp.baseAddress!
                for _ in 0..<passes {
                    if radiusX > 0 {
                        Parallel.forFixedChunks(planeCount * height, grain: 32) { rows in
                            for row in rows { blurRow(a + row * width, into: b + row * width, count: width, radius: radiusX) }
                        }
                        copyBack(from: b, to: a, count: total)
                    }
                    if radiusY > 0 {
                        let strip = 128
                        let strips = (width + strip - 1) / strip
                        Parallel.forFixedChunks(planeCount * strips, grain: 1) { jobs in
                            for job in jobs {
                                let plane = job / strips, x0 = (job % strips) * strip
                                let offset = plane * planeSize
                                blurColumns(a + offset, into: b + offset, width: width, height: height,
                                            columns: x0..<min(width, x0 + strip), radius: radiusY)
                            }
                        }
                        copyBack(from: b, to: a, count: total)
                    }
                }
            }
        }
    }

    private static func copyBack(from source: UnsafeMutablePointer<Float>, to target: UnsafeMutablePointer<Float>, count: Int) {
        target.update(from: source, count: count)
    }

    private static func blurRow(_ src: UnsafeMutablePointer<Float>, into dst: UnsafeMutablePointer<Float>, count n: Int, radius: Float) {
        let whole = Int(radius), fraction = radius - Float(whole)
        let norm = 1 / (2 * radius + 1)
        @inline(__always) func at(_ i: Int) -> Float { src[min(max(i, 0), n - 1)] }
        var sum: Float = 0
        for k in -whole...whole { sum += at(k) }
        // Clamped reads only near the ends; the interior reads directly.
        let interior = (whole + 1)..<max(whole + 1, n - whole - 1)
        let leadingEnd = min(interior.lowerBound, n)
        for x in 0..<leadingEnd {
            dst[x] = (sum + fraction * (at(x - whole - 1) + at(x + whole + 1))) * norm
            sum += at(x + whole + 1) - at(x - whole)
        }
        for x in interior {
            let entering = src[x + whole + 1]
            dst[x] = (sum + fraction * (src[x - whole - 1] + entering)) * norm
            sum += entering - src[x - whole]
        }
        for x in max(leadingEnd, min(interior.upperBound, n))..<n {
            dst[x] = (sum + fraction * (at(x - whole - 1) + at(x + whole + 1))) * norm
            sum += at(x + whole + 1) - at(x - whole)
        }
    }

    private static func blurColumns(_ src: UnsafeMutablePointer<Float>, into dst: UnsafeMutablePointer<Float>,
                                    width: Int, height: Int, columns: Range<Int>, radius: Float) {
        let whole = Int(radius), fraction = radius - Float(whole)
        let norm = 1 / (2 * radius + 1)
        let x0 = columns.lowerBound, count = columns.count
        @inline(__always) func row(_ y: Int) -> UnsafeMutablePointer<Float> { src + min(max(y, 0), height - 1) * width + x0 }
        let sum = UnsafeMutablePointer<Float>.allocate(capacity: count)
        defer { sum.deallocate() }
        sum.initialize(repeating: 0, count: count)
        for k in -whole...whole {
            let r = row(k)
            for i in 0..<count { sum[i] += r[i] }
        }
        for y in 0..<height {
            let before = row(y - whole - 1), after = row(y + whole + 1), leaving = row(y - whole)
            let out = dst + y * width + x0
            for i in 0..<count {
                out[i] = (sum[i] + fraction * (before[i] + after[i])) * norm
                sum[i] += after[i] - leaving[i]
            }
        }
    }
}
