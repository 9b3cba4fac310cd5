import GenDegEngine

/// An interleaved 8-bit RGB raster, the form terminal encoders take.
public struct RGBCanvas: Equatable, Sendable {
    public let width: Int
    public let height: Int
    public var bytes: [UInt8]
    /// Where the image sits inside the canvas (the rest is background).
    public var imageRect: (x: Int, y: Int, width: Int, height: Int)

    public static func == (a: Self, b: Self) -> Bool {
        a.width == b.width && a.height == b.height && a.bytes == b.bytes
    }

    /// A canvas of the given size filled with `background`, with `image` scaled to fit
    /// (keeping its aspect ratio on screen) and centred. `pixelAspect` is the on-screen height
    /// of a canvas pixel over its width: 1 for sixel, cell height / 2 / cell width for half-blocks.
    public init(width: Int, height: Int, background: RGBColor, image: RGBImage, pixelAspect: Double = 1) {
        precondition(width > 0 && height > 0)
        self.width = width
        self.height = height
        var bytes = [UInt8](repeating: 0, count: width * height * 3)
        for i in 0..<(width * height) {
            bytes[3 * i] = background.r
            bytes[3 * i + 1] = background.g
            bytes[3 * i + 2] = background.b
        }
        let scale = min(Double(width) / Double(image.width), Double(height) * pixelAspect / Double(image.height))
        let fitWidth = min(width, max(1, Int((Double(image.width) * scale).rounded())))
        let fitHeight = min(height, max(1, Int((Double(image.height) * scale / pixelAspect).rounded())))
        let fitted = image.width == fitWidth && image.height == fitHeight
            ? image : image.resized(width: fitWidth, height: fitHeight, filter: .bilinear)
        let x0 = (width - fitWidth) / 2, y0 = (height - fitHeight) / 2
        let plane = fitWidth * fitHeight
        fitted.pixels.withUnsafeBufferPointer { p in
            bytes.withUnsafeMutableBufferPointer { out in
                for y in 0..<fitHeight {
                    for x in 0..<fitWidth {
                        let source = y * fitWidth + x
                        let target = 3 * ((y0 + y) * width + x0 + x)
                        out[target] = Self.byte(p[source])
                        out[target + 1] = Self.byte(p[plane + source])
                        out[target + 2] = Self.byte(p[2 * plane + source])
                    }
                }
            }
        }
        self.bytes = bytes
        imageRect = (x0, y0, fitWidth, fitHeight)
    }

    @inline(__always) static func byte(_ value: Float) -> UInt8 {
        UInt8(min(max(value, 0), 1) * 255 + 0.5)
    }

    private init(width: Int, height: Int, bytes: [UInt8], imageRect: (x: Int, y: Int, width: Int, height: Int)) {
        self.width = width
        self.height = height
        self.bytes = bytes
        self.imageRect = imageRect
    }

    /// A sub-rectangle of the canvas.
    public func cropped(x: Int, y: Int, width newWidth: Int, height newHeight: Int) -> RGBCanvas {
        precondition(x >= 0 && y >= 0 && newWidth > 0 && newHeight > 0 && x + newWidth <= width && y + newHeight <= height)
        var out = [UInt8](repeating: 0, count: newWidth * newHeight * 3)
        for row in 0..<newHeight {
            let source = 3 * ((y + row) * width + x)
            out.replaceSubrange((3 * row * newWidth)..<(3 * (row + 1) * newWidth), with: bytes[source..<(source + 3 * newWidth)])
        }
        return RGBCanvas(width: newWidth, height: newHeight, bytes: out,
                         imageRect: (imageRect.x - x, imageRect.y - y, imageRect.width, imageRect.height))
    }

    public func pixel(x: Int, y: Int) -> RGBColor {
        let i = 3 * (y * width + x)
        return RGBColor(bytes[i], bytes[i + 1], bytes[i + 2])
    }
}
