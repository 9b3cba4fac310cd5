import Foundation

/// Atmospheric scattering (Koschmieder): I = J t + A (1 - t), t = exp(-beta d).
/// Depth d comes from a known depth map when one is given (`HazeDepthMap`), otherwise it is
/// guessed (see `DepthGrid`). The airlight A is a light gray whose brightness and tint vary a
/// little with the seed. Intensity scales beta.
public struct HazeDegradation: PhysicalDegradation {
    public var type: DegradationType { .haze }
    /// Scattering coefficient at intensity 1, per unit of normalized depth.
    public var maxScattering: Float
    /// The scene's depth, if known; nil guesses it from the image.
    public var depth: HazeDepthMap?

    public init(maxScattering: Float = 3.6, depth: HazeDepthMap? = nil) {
        self.maxScattering = maxScattering
        self.depth = depth
    }

    /// The scattering coefficient beta and the airlight A this model uses at `intensity`
    /// with `seed`.
    public func parameters(intensity: Float, seed: UInt64) -> (beta: Float, airlight: SIMD3<Float>) {
        (maxScattering * intensity.clampedIntensity, Self.airlight(seed: seed))
    }

    public func apply(to image: RGBImage, intensity: Float, seed: UInt64) -> DegradationResult {
        let strength = intensity.clampedIntensity
        guard strength > 0 else { return DegradationResult(image: image) }
        let (w, h) = (image.width, image.height)
        let depthRows: HazeDepthRows = depth.map { .known($0.resized(width: w, height: h)) }
            ?? .guessed(DepthGrid(guessingFrom: image, seed: seed))
        let (beta, airlight) = parameters(intensity: strength, seed: seed)
        let planeSize = w * h
        var output = [Float](repeating: 0, count: 3 * planeSize)
        image.pixels.withUnsafeBufferPointer { source in
            output.withUnsafeMutableBufferPointer { destination in
                let src = source.baseAddress!, dst = destination.baseAddress!
                Parallel.forFixedChunks(h, grain: 16) { rows in
                    var transmission = [Float](repeating: 0, count: w)
                    for y in rows {
                        depthRows.row(y, into: &transmission)
                        for x in 0..<w { transmission[x] = expf(-beta * transmission[x]) }
                        for c in 0..<3 {
                            let base = c * planeSize + y * w, a = airlight[c]
                            for x in 0..<w {
                                let t = transmission[x]
                                dst[base + x] = src[base + x] * t + a * (1 - t)
                            }
                        }
                    }
                }
            }
        }
        return DegradationResult(image: RGBImage(width: w, height: h, pixels: output))
    }

    /// A light gray airlight, its level and tint drawn from the seed.
    static func airlight(seed: UInt64) -> SIMD3<Float> {
        var random = SeededRandom(seed, 0xA1_4119)
        let level = random.uniform(0.78...0.93)
        let tint = SIMD3<Float>(random.uniform(-0.03...0), random.uniform(-0.015...0.01), random.uniform(0...0.03))
        return (SIMD3(repeating: level) + tint).clamped(lowerBound: .zero, upperBound: .one)
    }
}

/// Where haze gets each row's depth: a known map at the image's size, or the guess.
enum HazeDepthRows {
    case known(HazeDepthMap)
    case guessed(DepthGrid)

    func row(_ y: Int, into row: inout [Float]) {
        switch self {
        case .known(let map):
            let w = map.width
            map.values.withUnsafeBufferPointer { d in
                row.withUnsafeMutableBufferPointer { out in
                    for x in 0..<w { out[x] = d[y * w + x] }
                }
            }
        case .guessed(let grid):
            grid.upsampleRow(y, into: &row)
        }
    }
}
