import Foundation

/// Why a target intensity (in GenDeg's mu units) could not be produced.
public enum IntensityError: Error, CustomStringConvertible, Equatable {
    /// The target lies outside what the model reaches on this image with this seed.
    case outOfReach(target: Double, reachable: ClosedRange<Double>)
    /// The target or tolerance is not a usable number.
    case invalidTarget(target: Double, tolerance: Double)
    /// The search ended without coming within tolerance (mu jumped past the target).
    case notConverged(target: Double, closest: Double, tolerance: Double)

    public var description: String {
        switch self {
        case .outOfReach(let target, let reachable):
            return "target mu \(Self.format(target)) is out of reach on this image: reachable "
                + "\(Self.format(reachable.lowerBound))...\(Self.format(reachable.upperBound))"
        case .invalidTarget(let target, let tolerance):
            return "target mu \(target) with tolerance \(tolerance) is invalid: both must be finite, the tolerance positive"
        case .notConverged(let target, let closest, let tolerance):
            return "could not bring mu within \(Self.format(tolerance)) of \(Self.format(target)): closest was \(Self.format(closest))"
        }
    }

    static func format(_ value: Double) -> String { String(format: "%.3f", value) }
}
