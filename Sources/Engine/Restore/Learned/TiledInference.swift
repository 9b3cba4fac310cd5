import Foundation

/// How a learned restorer may split a large image.
public struct TilingOptions: Sendable, Equatable {
    /// Approximate working-memory bound in bytes; images whose estimated footprint exceeds it
    /// are processed in tiles sized to fit.
    public var memoryLimitBytes: Int
    /// A fixed tile side in pixels, overriding the memory-derived one.
    public var tileSize: Int?
    /// Overlap between neighbouring tiles in pixels (default: the architecture's).
    public var overlap: Int?

    public init(memoryLimitBytes: Int = 2 << 30, tileSize: Int? = nil, overlap: Int? = nil) {
        self.memoryLimitBytes = memoryLimitBytes
        self.tileSize = tileSize
        self.overlap = overlap
    }
}

/// One tile: a window of the image, in pixels.
public struct TileRect: Equatable, Sendable {
    public let x: Int, y: Int, width: Int, height: Int
}

/// Tiled inference with overlap: each tile is restored on its own, and overlapping results are
/// blended with weights that ramp linearly from the inner tile edges, so no seam shows; image
/// borders keep full weight.
public enum TiledInference {
    /// The tiles covering a width x height image: side `tile` (clipped to the image), starts
    /// `tile - overlap` apart, the last tile flush with the far edge.
    public static func plan(width: Int, height: Int, tile: Int, overlap: Int) -> [TileRect] {
        func starts(_ size: Int, _ side: Int) -> [Int] {
            guard side < size else { return [0] }
            let step = max(1, side - overlap)
            var result = Array(stride(from: 0, to: size - side, by: step))
            result.append(size - side)
            return result
        }
        let (tw, th) = (min(tile, width), min(tile, height))
        return starts(height, th).flatMap { y in starts(width, tw).map { x in TileRect(x: x, y: y, width: tw, height: th) } }
    }

    /// Restores `image` tile by tile with `body`, reporting (tiles done, tiles in all) after each
    /// tile; `progress` returning false stops with `RestoreError.cancelled`.
    public static func run(_ image: RGBImage, tile: Int, overlap: Int, progress: (@Sendable (Int, Int) -> Bool)?,
                           _ body: (RGBImage) throws -> RGBImage) throws -> RGBImage {
        let tiles = plan(width: image.width, height: image.height, tile: tile, overlap: overlap)
        if tiles.count == 1 {
            let out = try body(image)
            if let progress, !progress(1, 1) { throw RestoreError.cancelled }
            return out
        }
        let (w, h) = (image.width, image.height)
        var sum = [Float](repeating: 0, count: 3 * w * h)
        var weights = [Float](repeating: 0, count: w * h)
        for (index, rect) in tiles.enumerated() {
            var crop = RGBImage(width: rect.width, height: rect.height)
            for c in 0..<3 {
                for y in 0..<rect.height {
                    let src = c * w * h + (rect.y + y) * w + rect.x
                    let dst = (c * rect.height + y) * rect.width
                    crop.pixels.withUnsafeMutableBufferPointer { d in
                        image.pixels.withUnsafeBufferPointer { s in
                            (d.baseAddress! + dst).update(from: s.baseAddress! + src, count: rect.width)
                        }
                    }
                }
            }
            let restored = try body(crop)
            guard restored.width == rect.width, restored.height == rect.height else {
                throw RestoreError.failed("a tile of \(rect.width)x\(rect.height) came back as \(restored.width)x\(restored.height)")
            }
            let wx = ramp(rect.width, start: rect.x, total: w, overlap: overlap)
            let wy = ramp(rect.height, start: rect.y, total: h, overlap: overlap)
            for y in 0..<rect.height {
                for x in 0..<rect.width {
                    let weight = wx[x] * wy[y]
                    let target = (rect.y + y) * w + rect.x + x
                    weights[target] += weight
                    for c in 0..<3 {
                        sum[c * w * h + target] += weight * restored.pixels[(c * rect.height + y) * rect.width + x]
                    }
                }
            }
            if let progress, !progress(index + 1, tiles.count) { throw RestoreError.cancelled }
        }
        for c in 0..<3 {
            for i in 0..<(w * h) where weights[i] > 0 { sum[c * w * h + i] /= weights[i] }
        }
        return RGBImage(width: w, height: h, pixels: sum)
    }

    /// Per-position weights along one axis. Near an inner edge the first overlap/2 pixels get no
    /// weight (the neighbour covers them with more context; for networks with a bounded receptive
    /// field this makes the result exact), then the weight rises linearly to 1 at `overlap`.
    static func ramp(_ side: Int, start: Int, total: Int, overlap: Int) -> [Float] {
        let margin = overlap / 2
        let rise = Float(max(1, overlap - margin))
        func edge(_ i: Int) -> Float { i < margin ? 0 : min(1, (Float(i - margin) + 0.5) / rise) }
        return (0..<side).map { i in
            var weight: Float = 1
            if start > 0 { weight = min(weight, edge(i)) }
            if start + side < total { weight = min(weight, edge(side - 1 - i)) }
            return weight
        }
    }

    /// The tile side for a network under `options`: the whole image when it fits the memory
    /// bound, else the largest multiple of the network's padding multiple that does.
    static func tileSide(for traits: TilingTraits, width: Int, height: Int, options: TilingOptions) -> Int {
        if let fixed = options.tileSize { return max(fixed, 2 * overlap(traits, options) + traits.multiple) }
        if width * height * traits.bytesPerPixel <= options.memoryLimitBytes { return max(width, height) }
        let side = Int(Double(options.memoryLimitBytes / traits.bytesPerPixel).squareRoot())
        let aligned = side / traits.multiple * traits.multiple
        return max(aligned, 2 * overlap(traits, options) + traits.multiple, 64)
    }

    static func overlap(_ traits: TilingTraits, _ options: TilingOptions) -> Int {
        max(0, options.overlap ?? traits.overlap)
    }
}
