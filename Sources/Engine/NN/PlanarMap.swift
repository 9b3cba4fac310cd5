import Foundation

/// A batch-1 feature map: a view of a `Tensor` of shape [1, channels, height, width] (NCHW,
/// plane after plane, the layout of `RGBImage.pixels` too) with the per-plane operations the
/// restoration networks need. Converting to and from `Tensor` shares the storage.
struct PlanarMap {
    var tensor: Tensor

    init(_ tensor: Tensor) {
        precondition(tensor.rank == 4 && tensor.shape[0] == 1, "a feature map is a [1, C, H, W] tensor, not \(tensor.shape)")
        self.tensor = tensor
    }

    init(channels: Int, height: Int, width: Int, data: [Float]) {
        precondition(data.count == channels * height * width, "feature map size mismatch")
        tensor = Tensor(shape: [1, channels, height, width], data: data)
    }

    init(channels: Int, height: Int, width: Int, fill: Float = 0) {
        self.init(channels: channels, height: height, width: width,
                  data: [Float](repeating: fill, count: channels * height * width))
    }

    /// A map whose every value the caller is about to write (skips zero-filling).
    static func uninitialized(channels: Int, height: Int, width: Int) -> PlanarMap {
        PlanarMap(Tensor(uninitialized: [1, channels, height, width]))
    }

    var channels: Int { tensor.shape[1] }
    var height: Int { tensor.shape[2] }
    var width: Int { tensor.shape[3] }

    /// The values, plane after plane (the tensor's storage, not a copy).
    var data: [Float] {
        get { tensor.data }
        _modify { yield &tensor.data }
        set { tensor.data = newValue }
    }

    init(_ image: RGBImage) {
        self.init(channels: 3, height: image.height, width: image.width, data: image.pixels)
    }

    var planeSize: Int { height * width }

    func image() -> RGBImage {
        precondition(channels == 3, "only a 3-channel map is an image")
        return RGBImage(width: width, height: height, pixels: data)
    }

    /// Channels `first..<first + count` as their own map.
    func channels(_ first: Int, count: Int) -> PlanarMap {
        let start = first * planeSize
        return PlanarMap(channels: count, height: height, width: width,
                         data: Array(data[start..<(start + count * planeSize)]))
    }

    /// The channel concatenation [self, other] (torch.cat dim 1).
    func concatenated(with other: PlanarMap) -> PlanarMap {
        precondition(height == other.height && width == other.width, "concatenating maps of different sizes")
        return PlanarMap(channels: channels + other.channels, height: height, width: width, data: data + other.data)
    }

    /// The top-left `height` x `width` window (undoes padding on the right and bottom).
    func cropped(height newHeight: Int, width newWidth: Int) -> PlanarMap {
        if newHeight == height && newWidth == width { return self }
        var out = [Float](repeating: 0, count: channels * newHeight * newWidth)
        data.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                for c in 0..<channels {
                    for y in 0..<newHeight {
                        let s = c * planeSize + y * width
                        let d = (c * newHeight + y) * newWidth
                        for x in 0..<newWidth { dst[d + x] = src[s + x] }
                    }
                }
            }
        }
        return PlanarMap(channels: channels, height: newHeight, width: newWidth, data: out)
    }

    enum PadMode { case zero, reflect, replicate }

    /// Pads on the right and bottom to `height` x `width`: zeros (NAFNet's `check_image_size`),
    /// a mirror without repeating the edge (torch `F.pad(..., mode="reflect")`, Restormer's test
    /// code), or copies of the last row and column (Zero-DCE++ curves beyond the official crop).
    func padded(height newHeight: Int, width newWidth: Int, mode: PadMode) -> PlanarMap {
        if newHeight == height && newWidth == width { return self }
        precondition(newHeight >= height && newWidth >= width)
        func reflect(_ i: Int, _ n: Int) -> Int {
            if n == 1 { return 0 }
            let period = 2 * (n - 1)
            var m = i % period
            if m < 0 { m += period }
            return m < n ? m : period - m
        }
        var out = [Float](repeating: 0, count: channels * newHeight * newWidth)
        data.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                for c in 0..<channels {
                    for y in 0..<newHeight {
                        let d = (c * newHeight + y) * newWidth
                        let sy: Int
                        switch mode {
                        case _ where y < height: sy = y
                        case .zero: continue
                        case .reflect: sy = reflect(y, height)
                        case .replicate: sy = height - 1
                        }
                        let s = c * planeSize + sy * width
                        for x in 0..<width { dst[d + x] = src[s + x] }
                        switch mode {
                        case .zero: break
                        case .reflect: for x in width..<newWidth { dst[d + x] = src[s + reflect(x, width)] }
                        case .replicate: for x in width..<newWidth { dst[d + x] = src[s + width - 1] }
                        }
                    }
                }
            }
        }
        return PlanarMap(channels: channels, height: newHeight, width: newWidth, data: out)
    }
}
