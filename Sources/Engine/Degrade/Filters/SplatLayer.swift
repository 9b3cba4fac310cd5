/// A single-channel layer that particles (rain streaks, snowflakes) are drawn into.
struct SplatLayer {
    let width: Int
    let height: Int
    var values: [Float]

    init(width: Int, height: Int) {
        self.width = width
        self.height = height
        values = [Float](repeating: 0, count: width * height)
    }

    /// Adds `weight` at a sub-pixel position, shared bilinearly among the four nearest
    /// pixels (so the layer changes continuously as particles move or grow).
    /// Pixel centers sit at integer + 0.5.
    mutating func splat(x: Float, y: Float, weight: Float) {
        let fx = x - 0.5, fy = y - 0.5
        let x0 = Int(fx.rounded(.down)), y0 = Int(fy.rounded(.down))
        let tx = fx - Float(x0), ty = fy - Float(y0)
        let (w, h) = (width, height)
        values.withUnsafeMutableBufferPointer { v in
            @inline(__always) func add(_ px: Int, _ py: Int, _ amount: Float) {
                if px >= 0 && px < w && py >= 0 && py < h { v[py * w + px] += amount }
            }
            add(x0, y0, weight * (1 - tx) * (1 - ty))
            add(x0 + 1, y0, weight * tx * (1 - ty))
            add(x0, y0 + 1, weight * (1 - tx) * ty)
            add(x0 + 1, y0 + 1, weight * tx * ty)
        }
    }

    /// Covers a capsule (a disc of `radius` swept from a to b: a particle with a short
    /// motion blur) with opacity `opacity`, fading to 0 over the outer `softness` fraction
    /// of the radius. Coverage combines as alpha: v <- v + a (1 - v), which does not depend
    /// on drawing order. Discs under 0.8 px are drawn at 0.8 px with their opacity scaled
    /// by area, so tiny particles keep their total coverage at any resolution.
    mutating func coverCapsule(ax: Float, ay: Float, bx: Float, by: Float, radius: Float, softness: Float, opacity: Float) {
        guard radius > 0, opacity > 0 else { return }
        let minimumRadius: Float = 0.8
        let drawRadius = max(radius, minimumRadius)
        let drawOpacity = min(1, opacity * (radius < minimumRadius ? (radius * radius) / (minimumRadius * minimumRadius) : 1))
        let xs = Int((min(ax, bx) - drawRadius).rounded(.down)), xe = Int((max(ax, bx) + drawRadius).rounded(.up))
        let ys = Int((min(ay, by) - drawRadius).rounded(.down)), ye = Int((max(ay, by) + drawRadius).rounded(.up))
        let x0 = max(xs, 0), x1 = min(xe, width - 1), y0 = max(ys, 0), y1 = min(ye, height - 1)
        guard x0 <= x1, y0 <= y1 else { return }
        let dx = bx - ax, dy = by - ay
        let lengthSquared = dx * dx + dy * dy
        let inner = drawRadius * (1 - softness)
        let fadeWidth = max(drawRadius - inner, 1e-3)
        let w = width
        values.withUnsafeMutableBufferPointer { v in
            for py in y0...y1 {
                let cy = Float(py) + 0.5
                for px in x0...x1 {
                    let cx = Float(px) + 0.5
                    var t: Float = 0
                    if lengthSquared > 0 { t = min(max(((cx - ax) * dx + (cy - ay) * dy) / lengthSquared, 0), 1) }
                    let ex = cx - (ax + t * dx), ey = cy - (ay + t * dy)
                    let distance = (ex * ex + ey * ey).squareRoot()
                    if distance >= drawRadius { continue }
                    let edge = 1 - min(max((distance - inner) / fadeWidth, 0), 1)
                    let alpha = drawOpacity * edge * edge * (3 - 2 * edge)
                    let i = py * w + px
                    v[i] += alpha * (1 - v[i])
                }
            }
        }
    }
}
