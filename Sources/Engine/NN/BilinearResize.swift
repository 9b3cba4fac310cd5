extension ChannelOps {
    /// F.interpolate(x, (height, width), mode="bilinear") with align_corners false and no
    /// antialiasing, for up- and downsampling alike: output pixel i samples the input at
    /// max(0, (i + 0.5) * in / out - 0.5), between the two nearest pixels (the last one clamped).
    static func resizedBilinear(_ x: PlanarMap, height: Int, width: Int) -> PlanarMap {
        if x.height == height && x.width == width { return x }
        struct Tap { let low: Int, high: Int, lowWeight: Float, highWeight: Float }
        func taps(_ input: Int, _ output: Int) -> [Tap] {
            let scale = Float(input) / Float(output)
            return (0..<output).map { i in
                let source = max(scale * (Float(i) + 0.5) - 0.5, 0)
                let low = Int(source)
                let high = low < input - 1 ? low + 1 : low
                let fraction = min(max(source - Float(low), 0), 1)
                return Tap(low: low, high: high, lowWeight: 1 - fraction, highWeight: fraction)
            }
        }
        let rows = taps(x.height, height), columns = taps(x.width, width)
        var out = PlanarMap.uninitialized(channels: x.channels, height: height, width: width)
        x.data.withUnsafeBufferPointer { src in
            out.data.withUnsafeMutableBufferPointer { dst in
                for c in 0..<x.channels {
                    let plane = src.baseAddress! + c * x.planeSize
                    for (y, row) in rows.enumerated() {
                        let top = plane + row.low * x.width, bottom = plane + row.high * x.width
                        let target = dst.baseAddress! + (c * height + y) * width
                        for (i, column) in columns.enumerated() {
                            let upper = column.lowWeight * top[column.low] + column.highWeight * top[column.high]
                            let lower = column.lowWeight * bottom[column.low] + column.highWeight * bottom[column.high]
                            target[i] = row.lowWeight * upper + row.highWeight * lower
                        }
                    }
                }
            }
        }
        return out
    }
}
