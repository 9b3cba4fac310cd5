import Foundation

/// A random camera-shake trajectory in the model of Boracchi and Foi (2012), as DeblurGAN
/// generates them: a particle moves with constant speed; at each step its velocity gets a
/// Gaussian perturbation, an inertial pull back toward the start, and, rarely, an abrupt
/// near-reversal (the jerk of pressing the shutter).
struct CameraShakeTrajectory {
    /// Positions in pixels, total path length `referenceLength`.
    let points: [SIMD2<Float>]

    /// The reference model's path length: its shape statistics (the inertial pull grows with
    /// distance) are those of a 60-pixel path, so trajectories are drawn at that length and
    /// scaled afterwards.
    static let referenceLength: Float = 60

    init(seed: UInt64, steps: Int = 2000, anxiety: Double = 0.005) {
        var random = SeededRandom(seed, 0x5AFE_B1A5)
        let stepLength = Double(Self.referenceLength) / Double(steps - 1)
        let centripetal = 0.7 * Double(random.uniform())
        let bigShakeProbability = 0.2 * Double(random.uniform())
        let gaussianShake = 10 * Double(random.uniform())
        let angle = 2 * Double.pi * Double(random.uniform())
        // Velocity and positions as (real, imaginary) pairs.
        var vx = cos(angle) * anxiety, vy = sin(angle) * anxiety
        var x = 0.0, y = 0.0
        var points = [SIMD2<Float>](repeating: .zero, count: steps)
        for t in 1..<steps {
            var nextX = 0.0, nextY = 0.0
            if Double(random.uniform()) < bigShakeProbability * anxiety {
                // 2 v e^{i (pi + u - 0.5)}: turn the velocity roughly around.
                let turn = Double.pi + (Double(random.uniform()) - 0.5)
                nextX = 2 * (vx * cos(turn) - vy * sin(turn))
                nextY = 2 * (vx * sin(turn) + vy * cos(turn))
            }
            let nx = Double(random.normal()), ny = Double(random.normal())
            vx += nextX + anxiety * (gaussianShake * nx - centripetal * x) * stepLength
            vy += nextY + anxiety * (gaussianShake * ny - centripetal * y) * stepLength
            let speed = (vx * vx + vy * vy).squareRoot()
            if speed > 0 {
                vx = vx / speed * stepLength
                vy = vy / speed * stepLength
            }
            x += vx
            y += vy
            points[t] = SIMD2(Float(x), Float(y))
        }
        self.points = points
    }

    /// The root-mean-square distance of the path's points from their centroid, and the centroid.
    var spread: (rms: Float, centroid: SIMD2<Float>) {
        var centroid = SIMD2<Float>.zero
        for p in points { centroid += p }
        centroid /= Float(points.count)
        var sum: Float = 0
        for p in points {
            let d = p - centroid
            sum += d.x * d.x + d.y * d.y
        }
        return ((sum / Float(points.count)).squareRoot(), centroid)
    }

    /// The point-spread function of the whole exposure with the path scaled so its points lie
    /// `rmsRadius` pixels (root mean square) from their centroid: every position splatted
    /// bilinearly with equal weight, centered on the centroid (so the blurred image stays
    /// registered with the sharp one), summing to 1. Sizing by spread rather than path length
    /// makes the blur strength comparable across seeds (a curled path covers less ground).
    func kernel(rmsRadius: Float) -> BlurKernel {
        let (rms, centroid) = spread
        let scale = rms > 0 ? rmsRadius / rms : 0
        var reach: Float = 0
        for p in points {
            let d = (p - centroid) * scale
            reach = max(reach, abs(d.x), abs(d.y))
        }
        let radius = Int(reach.rounded(.up)) + 1
        let size = 2 * radius + 1
        var weights = [Float](repeating: 0, count: size * size)
        let share = 1 / Float(points.count)
        for p in points {
            let q = (p - centroid) * scale + SIMD2(Float(radius), Float(radius))
            let x0 = Int(q.x.rounded(.down)), y0 = Int(q.y.rounded(.down))
            let tx = q.x - Float(x0), ty = q.y - Float(y0)
            weights[y0 * size + x0] += share * (1 - tx) * (1 - ty)
            weights[y0 * size + x0 + 1] += share * tx * (1 - ty)
            weights[(y0 + 1) * size + x0] += share * (1 - tx) * ty
            weights[(y0 + 1) * size + x0 + 1] += share * tx * ty
        }
        Self.dropFaintestTaps(&weights, mass: 0.005)
        let total = weights.reduce(0, +)
        for i in weights.indices { weights[i] /= total }
        return BlurKernel(size: size, weights: weights)
    }

    /// Zeroes the faintest taps (bilinear splat corners) that together hold at most `mass`
    /// of the total weight: about a fifth fewer taps to convolve, a kernel change too small to
    /// see. The kernel handed back is the pruned one, so it is still exactly what was applied.
    static func dropFaintestTaps(_ weights: inout [Float], mass: Float) {
        let total = weights.reduce(0, +)
        let order = weights.indices.filter { weights[$0] > 0 }.sorted { weights[$0] < weights[$1] }
        var removed: Float = 0
        for i in order.dropLast() {
            if removed + weights[i] > mass * total { break }
            removed += weights[i]
            weights[i] = 0
        }
    }
}
