/// A known scene depth for haze, used instead of the guessed one: relative depth per pixel
/// in [0, 1], 0 nearest, 1 as far as the scene goes (the proxy's guesses span 0.12...1).
/// Haze applies t = exp(-beta d) with d read straight from the map.
///
/// From an image file: a gray PNG (8 or 16 bit), dark = near, white = far (the mean of the
/// channels is taken if it has colour); a map of another size is resized bilinearly to the
/// image it hazes.
public struct HazeDepthMap: Equatable, Sendable {
    public let width: Int
    public let height: Int
    /// Row-major depths in [0, 1].
    public let values: [Float]

    public init(width: Int, height: Int, values: [Float]) {
        precondition(width > 0 && height > 0 && values.count == width * height, "depth map size does not match its values")
        self.width = width
        self.height = height
        self.values = values.map { $0.isFinite ? min(max($0, 0), 1) : 0 }
    }

    /// Reads depth from an image: the mean of its channels, dark = near.
    public init(grayImage image: RGBImage) {
        let planeSize = image.planeSize
        var mean = [Float](repeating: 0, count: planeSize)
        image.pixels.withUnsafeBufferPointer { p in
            mean.withUnsafeMutableBufferPointer { m in
                for i in 0..<planeSize { m[i] = (p[i] + p[planeSize + i] + p[2 * planeSize + i]) / 3 }
            }
        }
        self.init(width: image.width, height: image.height, values: mean)
    }

    /// The map at `width` x `height` (itself if already that size), bilinear.
    public func resized(width newWidth: Int, height newHeight: Int) -> HazeDepthMap {
        if newWidth == width && newHeight == height { return self }
        let gray = RGBImage(width: width, height: height, pixels: values + values + values)
        let scaled = gray.resized(width: newWidth, height: newHeight, filter: .bilinear)
        return HazeDepthMap(width: newWidth, height: newHeight, values: Array(scaled.pixels[0..<(newWidth * newHeight)]))
    }
}
