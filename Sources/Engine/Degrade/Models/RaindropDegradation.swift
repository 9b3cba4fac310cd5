import Foundation

/// Water drops on the lens or windshield. Each drop is a refracting spherical cap (see
/// `SphericalCapLens`): like a tiny fish-eye lens it shows a shrunk, inverted view of the
/// scene around it, traced through the cap with Snell's law; out of focus (the camera
/// focuses past it), darker toward its rim where the Fresnel transmittance falls and light
/// is totally reflected inside the drop, with a soft edge and a small specular highlight.
/// Intensity raises the number of drops (each fades in at its own threshold) and their size.
public struct RaindropDegradation: PhysicalDegradation {
    public var type: DegradationType { .raindrop }
    /// Scales every drop's radius.
    public var sizeFactor: Float

    /// The camera's focal length in pixels of the 512x512 reference (about a 46 degree field
    /// of view), which turns the rays' bending angles into pixels.
    public var focalLength: Float

    public init(sizeFactor: Float = 1.45, focalLength: Float = 600) {
        self.sizeFactor = sizeFactor
        self.focalLength = focalLength
    }

    struct DropClass {
        var count: Int
        var radius: ClosedRange<Float>
    }

    /// Small to large, radii in pixels of the 512x512 reference.
    static let classes = [
        DropClass(count: 150, radius: 4...10),
        DropClass(count: 95, radius: 10...24),
        DropClass(count: 38, radius: 24...48),
    ]

    struct Drop {
        var x: Float, y: Float, radius: Float, aspect: Float, opacity: Float
        /// Radians; sets the cap's height h = r tan(contactAngle / 2).
        var contactAngle: Float
    }

    public func apply(to image: RGBImage, intensity: Float, seed: UInt64) -> DegradationResult {
        let strength = intensity.clampedIntensity
        guard strength > 0 else { return DegradationResult(image: image) }
        let (w, h) = (image.width, image.height)
        let geometry = DegradeGeometry(width: w, height: h)
        let drops = self.drops(width: w, height: h, geometry: geometry, strength: strength, seed: seed)
        return DegradationResult(image: render(drops, on: image))
    }

    /// `image` seen through `drops` (drawn in order, later ones over earlier ones).
    func render(_ drops: [Drop], on image: RGBImage) -> RGBImage {
        let (w, h) = (image.width, image.height)
        let geometry = DegradeGeometry(width: w, height: h)
        // The view through the drops is out of focus, so it is prepared at reduced resolution.
        let factor = max(1, Int(geometry.scale * 2))
        var (seen, seenWidth, seenHeight) = BoxDownsample.shrink(image.pixels, width: w, height: h, factor: factor)
        BoxBlur.gaussian(&seen, width: seenWidth, height: seenHeight, sigma: geometry.pixels(5) / Float(factor))
        let view = BlurredView(width: seenWidth, height: seenHeight, factor: Float(factor))
        let focal = geometry.pixels(focalLength)
        let lenses = drops.map { SphericalCapLens(contactRadius: $0.radius, contactAngle: $0.contactAngle) }
        var output = image.pixels
        output.withUnsafeMutableBufferPointer { out in
            seen.withUnsafeBufferPointer { blurred in
                // Bands of rows in parallel; within a band drops are drawn in order, so
                // overlaps come out the same however the bands are scheduled.
                Parallel.forFixedChunks(h, grain: 16) { rows in
                    for (drop, lens) in zip(drops, lenses) {
                        render(drop, lens: lens, focal: focal, rows: rows, into: out, width: w, height: h, view: view, from: blurred)
                    }
                }
            }
        }
        return RGBImage(width: w, height: h, pixels: output)
    }

    /// Drops in drawing order (later ones cover earlier ones).
    func drops(width w: Int, height h: Int, geometry: DegradeGeometry, strength: Float, seed: UInt64) -> [Drop] {
        var drops: [Drop] = []
        for (index, spec) in Self.classes.enumerated() {
            var random = SeededRandom(seed, 0xD809, UInt64(index))
            for _ in 0..<spec.count {
                let threshold = random.uniform() * 0.9
                let x = random.uniform() * Float(w), y = random.uniform() * Float(h)
                let u = random.uniform()
                // Small drops are more common than large ones.
                let radius = spec.radius.lowerBound + (spec.radius.upperBound - spec.radius.lowerBound) * u * u
                let aspect = random.uniform(0.85...1.2)
                let contactAngle = random.uniform(0.95...1.45) // 55 to 83 degrees
                let opacity = min(max((strength - threshold) / 0.1, 0), 1)
                guard opacity > 0 else { continue }
                let grown = geometry.pixels(radius * sizeFactor) * (0.7 + 0.3 * strength)
                drops.append(Drop(x: x, y: y, radius: grown, aspect: aspect, opacity: opacity, contactAngle: contactAngle))
            }
        }
        return drops
    }

    /// Draws the part of `drop` that falls in `rows`: each pixel shows the blurred scene where
    /// its ray, bent by the cap, lands, dimmed by the transmittance; the light the rim
    /// reflects back instead is a dim version of the drop's surroundings.
    private func render(_ drop: Drop, lens: SphericalCapLens, focal: Float, rows: Range<Int>,
                        into out: UnsafeMutableBufferPointer<Float>, width w: Int, height h: Int,
                        view: BlurredView, from source: UnsafeBufferPointer<Float>) {
        let rx = max(drop.radius, 0.5), ry = rx * drop.aspect
        let x0 = max(Int((drop.x - rx).rounded(.down)), 0), x1 = min(Int((drop.x + rx).rounded(.up)), w - 1)
        let y0 = max(Int((drop.y - ry).rounded(.down)), rows.lowerBound)
        let y1 = min(Int((drop.y + ry).rounded(.up)), rows.upperBound - 1)
        guard x0 <= x1, y0 <= y1 else { return }
        let planeSize = w * h
        let surroundings = SIMD3<Float>((0..<3).map { view.sample(source, plane: $0, x: drop.x, y: drop.y) })
        let reflected = 0.3 * surroundings
        for py in y0...y1 {
            let qy = (Float(py) + 0.5 - drop.y) / ry
            for px in x0...x1 {
                let qx = (Float(px) + 0.5 - drop.x) / rx
                let rho2 = qx * qx + qy * qy
                if rho2 >= 1 { continue }
                let rho = rho2.squareRoot()
                let alpha = drop.opacity * (1 - rho.smoothStep(0.85, 1))
                // The ray through this point of the cap leaves bent by delta toward the axis:
                // the scene F tan(delta) pixels from the pixel, past the center.
                let (bend, transmitted) = lens.optics(at: rho)
                let sx = Float(px) + 0.5 - focal * bend * qx, sy = Float(py) + 0.5 - focal * bend * qy
                let hx = qx + 0.3, hy = qy + 0.4
                let spot = hx * hx + hy * hy
                let highlight: Float = spot < 0.08 ? 0.18 * expf(-spot / 0.01) : 0
                let i = py * w + px
                for c in 0..<3 {
                    let seen = view.sample(source, plane: c, x: sx, y: sy)
                    let inside = min(seen * transmitted + reflected[c] * (1 - transmitted) + highlight, 1)
                    out[c * planeSize + i] += alpha * (inside - out[c * planeSize + i])
                }
            }
        }
    }

    /// The blurred scene at 1/factor resolution, sampled at full-resolution coordinates.
    struct BlurredView {
        let width: Int
        let height: Int
        let factor: Float

        @inline(__always) func sample(_ p: UnsafeBufferPointer<Float>, plane: Int, x: Float, y: Float) -> Float {
            let fx = min(max(x / factor - 0.5, 0), Float(width - 1)), fy = min(max(y / factor - 0.5, 0), Float(height - 1))
            let x0 = Int(fx), y0 = Int(fy)
            let x1 = min(x0 + 1, width - 1), y1 = min(y0 + 1, height - 1)
            let tx = fx - Float(x0), ty = fy - Float(y0)
            let base = plane * width * height
            let top = p[base + y0 * width + x0] + (p[base + y0 * width + x1] - p[base + y0 * width + x0]) * tx
            let bottom = p[base + y1 * width + x0] + (p[base + y1 * width + x1] - p[base + y1 * width + x0]) * tx
            return top + (bottom - top) * ty
        }
    }
}
