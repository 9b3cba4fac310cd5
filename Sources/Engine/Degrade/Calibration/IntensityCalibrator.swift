/// Finds the slider value at which a physical degradation reaches a target GenDeg mu on a
/// given image and seed, relying on mu growing monotonically with intensity.
///
/// Large images are first searched on a copy whose shorter side is the measurement size
/// (the models are resolution-independent, so the copy's mu is close), and the answer is
/// then refined at full size; the reported statistics are always those of the full-size
/// result.
public enum IntensityCalibrator {
    /// Images whose shorter side exceeds this are searched on a downscaled copy first.
    static let directSearchLimit = 320

    /// `memo`, when given, remembers the points measured on this curve and starts later
    /// searches on it from the remembered points around the target (same results, fewer evaluations).
    public static func reach(targetMu: Double, type: DegradationType, image: RGBImage, seed: UInt64,
                             tolerance: Double = 0.005, memo: MuCurveMemo? = nil) throws -> CalibratedDegradation {
        let curve = memo.map { ($0, MuCurveMemo.key(image: image, type: type, seed: seed)) }
        return try reach(targetMu: targetMu, model: PhysicalDegradations.model(for: type), image: image, seed: seed,
                         tolerance: tolerance, curve: curve)
    }

    /// The same search with a configured model (haze with a known depth map, for instance).
    public static func reach(targetMu: Double, model: PhysicalDegradation, image: RGBImage, seed: UInt64,
                             tolerance: Double = 0.005) throws -> CalibratedDegradation {
        try reach(targetMu: targetMu, model: model, image: image, seed: seed, tolerance: tolerance, curve: nil)
    }

    static func reach(targetMu: Double, model: PhysicalDegradation, image: RGBImage, seed: UInt64,
                      tolerance: Double, curve: (memo: MuCurveMemo, key: MuCurveMemo.Key)?) throws -> CalibratedDegradation {
        guard targetMu.isFinite, tolerance.isFinite, tolerance > 0 else {
            throw IntensityError.invalidTarget(target: targetMu, tolerance: tolerance)
        }
        let full = MuProbe(model: model, image: image, seed: seed,
                           record: curve.map { curve in { curve.memo.record(curve.key, intensity: $0, mu: $1) } })
        let known = curve.map { $0.memo.points($0.key) } ?? []
        let strongestMu: Double
        if let top = known.last, top.intensity == 1 {
            strongestMu = top.mu
        } else {
            strongestMu = full.evaluate(1).stats.mu
        }
        let reachable = 0...strongestMu
        guard targetMu >= -tolerance, targetMu <= strongestMu + tolerance else {
            throw IntensityError.outOfReach(target: targetMu, reachable: reachable)
        }
        if abs(targetMu) <= tolerance { return full.evaluate(0) }
        if abs(strongestMu - targetMu) <= tolerance { return full.evaluate(1) }

        if let below = known.last(where: { $0.mu < targetMu }), let above = known.first(where: { $0.mu > targetMu }),
           below.intensity < above.intensity {
            // Remembered points bracket the target: interpolate between them and search there.
            let guess = below.intensity + Float((targetMu - below.mu) / (above.mu - below.mu)) * (above.intensity - below.intensity)
            let outcome = search(full, target: targetMu, tolerance: tolerance,
                                 low: (below.intensity, below.mu), high: (above.intensity, above.mu), guess: guess)
            if let found = outcome.found { return found }
        }

        var guess: Float?
        if let small = workingCopy(of: image) {
            let probe = MuProbe(model: model, image: small, seed: seed)
            let smallStrongest = probe.evaluate(1).stats.mu
            if targetMu < smallStrongest {
                guess = search(probe, target: targetMu, tolerance: tolerance / 2,
                               low: (0, 0), high: (1, smallStrongest), guess: nil).best.intensity
            }
        }
        let outcome = search(full, target: targetMu, tolerance: tolerance,
                             low: (0, 0), high: (1, strongestMu), guess: guess)
        guard let found = outcome.found else {
            throw IntensityError.notConverged(target: targetMu, closest: outcome.best.stats.mu, tolerance: tolerance)
        }
        return found
    }

    /// The mu range the model covers on this image with this seed: from 0 (intensity 0 is the
    /// clean image) to the mu at intensity 1.
    public static func reachableMu(type: DegradationType, image: RGBImage, seed: UInt64) -> ClosedRange<Double> {
        let probe = MuProbe(model: PhysicalDegradations.model(for: type), image: image, seed: seed)
        return 0...probe.evaluate(1).stats.mu
    }

    static func workingCopy(of image: RGBImage) -> RGBImage? {
        let shorter = min(image.width, image.height)
        guard shorter > directSearchLimit else { return nil }
        let scale = Double(DegradationStats.measureSize) / Double(shorter)
        return image.resized(width: max(1, Int((Double(image.width) * scale).rounded())),
                             height: max(1, Int((Double(image.height) * scale).rounded())))
    }

    /// Illinois-style regula falsi on mu(intensity) - target, bracketed by `low` (mu below the
    /// target) and `high` (mu above), with a bisection step every few iterations so a badly
    /// curved mu cannot stall it. `guess` is tried first.
    static func search(_ probe: MuProbe, target: Double, tolerance: Double,
                       low: (intensity: Float, mu: Double), high: (intensity: Float, mu: Double),
                       guess: Float?, maxEvaluations: Int = 40) -> (found: CalibratedDegradation?, best: CalibratedDegradation) {
        var lo = (i: low.intensity, f: low.mu - target), hi = (i: high.intensity, f: high.mu - target)
        var best: CalibratedDegradation?
        var lastKept = 0 // -1: low end kept twice in a row, +1: high end
        for iteration in 0..<maxEvaluations {
            var x: Float
            if iteration == 0, let guess, guess > lo.i, guess < hi.i {
                x = guess
            } else if iteration % 4 == 3 {
                x = (lo.i + hi.i) / 2
            } else {
                x = lo.i + Float(-lo.f / (hi.f - lo.f)) * (hi.i - lo.i)
                let margin = (hi.i - lo.i) * 0.01
                x = min(max(x, lo.i + margin), hi.i - margin)
            }
            let sample = probe.evaluate(x)
            let f = sample.stats.mu - target
            if best == nil || abs(f) < abs(best!.stats.mu - target) { best = sample }
            if abs(f) <= tolerance { return (sample, sample) }
            if f < 0 {
                lo = (x, f)
                if lastKept == 1 { hi.f /= 2 }
                lastKept = 1
            } else {
                hi = (x, f)
                if lastKept == -1 { lo.f /= 2 }
                lastKept = -1
            }
            if hi.i - lo.i < 1e-6 { break }
        }
        return (nil, best!)
    }
}
