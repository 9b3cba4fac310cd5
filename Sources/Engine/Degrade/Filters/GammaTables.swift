import Foundation

/// The display gamma as lookup tables with linear interpolation (powf per sample is the
/// slowest part of the low-light model otherwise).
enum GammaTables {
    /// x^2.2 on [0, 1].
    static let toLinear = InterpolatedTable(segments: 4096) { powf($0, LowLightDegradation.gamma) }
    /// Indexed by sqrt(y): (sqrt y)^(2 / 2.2) = y^(1 / 2.2), which is gentle near 0 where
    /// y^(1 / 2.2) itself is too steep to tabulate.
    static let fromLinearBySquareRoot = InterpolatedTable(segments: 4096) { powf($0, 2 / LowLightDegradation.gamma) }
}

/// A function on [0, 1] sampled at `segments + 1` points, read back with linear interpolation;
/// inputs outside [0, 1] are clamped.
struct InterpolatedTable: Sendable {
    let values: [Float]
    let segments: Int

    init(segments: Int, _ function: (Float) -> Float) {
        self.segments = segments
        values = (0...segments).map { function(Float($0) / Float(segments)) } + [function(1)]
    }

    @inline(__always) func value(at x: Float) -> Float {
        let position = min(max(x, 0), 1) * Float(segments)
        let index = Int(position)
        let t = position - Float(index)
        return values.withUnsafeBufferPointer { v in v[index] + (v[index + 1] - v[index]) * t }
    }
}
