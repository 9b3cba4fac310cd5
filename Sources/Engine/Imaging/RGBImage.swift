/// The one image type of gendeg: RGB, 32-bit float samples in [0, 1], stored planar
/// (the whole red plane, then green, then blue), the layout the neural engine wants too.
public struct RGBImage: Equatable, Sendable {
    public let width: Int
    public let height: Int
    /// 3 * width * height samples: plane c, row y, column x at `c * width * height + y * width + x`.
    public var pixels: [Float]

    public init(width: Int, height: Int, pixels: [Float]) {
        precondition(width > 0 && height > 0, "an image needs a positive size")
        precondition(pixels.count == 3 * width * height, "pixel count does not match \(width)x\(height)x3")
        self.width = width
        self.height = height
        self.pixels = pixels
    }

    public init(width: Int, height: Int, fill: Float = 0) {
        self.init(width: width, height: height, pixels: [Float](repeating: fill, count: 3 * width * height))
    }

    public var planeSize: Int { width * height }

    @inlinable public subscript(channel: Int, y: Int, x: Int) -> Float {
        get { pixels[channel * width * height + y * width + x] }
        set { pixels[channel * width * height + y * width + x] = newValue }
    }

    /// The image with every sample clamped to [0, 1].
    public func clamped() -> RGBImage {
        var copy = self
        copy.pixels.withUnsafeMutableBufferPointer { buffer in
            for i in buffer.indices { buffer[i] = min(max(buffer[i], 0), 1) }
        }
        return copy
    }

    /// Rec. 601 luma, the Y that PSNR-Y and many restorers use.
    public func luma() -> [Float] {
        let n = planeSize
        var y = [Float](repeating: 0, count: n)
        pixels.withUnsafeBufferPointer { p in
            for i in 0..<n { y[i] = 0.299 * p[i] + 0.587 * p[n + i] + 0.114 * p[2 * n + i] }
        }
        return y
    }

    /// Builds an image by applying `transform` to each sample.
    public func mapped(_ transform: (Float) -> Float) -> RGBImage {
        RGBImage(width: width, height: height, pixels: pixels.map(transform))
    }

    /// A copy of one channel plane.
    public func plane(_ channel: Int) -> [Float] {
        Array(pixels[(channel * planeSize)..<((channel + 1) * planeSize)])
    }

    public mutating func setPlane(_ channel: Int, _ values: [Float]) {
        precondition(values.count == planeSize)
        pixels.replaceSubrange((channel * planeSize)..<((channel + 1) * planeSize), with: values)
    }
}
