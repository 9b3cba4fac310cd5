/// GenDeg's intensity conditioning (edit_dataset.py, `bin_and_one_hot_encode`): mu and sigma of
/// the degradation each become a one-hot row of 129 entries, 128 regular bins over
/// [0, 0.7] (mu) and [0, 0.4] (sigma) plus a last "null" bin for classifier-free guidance.
public struct IntensityOneHot {
    public static let regularBins = 128
    /// Entries per row: the regular bins and the null bin.
    public static let rowLength = regularBins + 1
    public static let muUpperEdge = 0.7
    public static let sigmaUpperEdge = 0.4

    public enum EncodingError: Error, Equatable, CustomStringConvertible {
        case invalidValue(name: String, value: Double)

        public var description: String {
            switch self {
            case .invalidValue(let name, let value):
                return "\(name) must be a finite value of at least 0 (got \(value))"
            }
        }
    }

    /// The 2 x 129 conditioning, row-major: the mu row then the sigma row. nil selects a row's
    /// null bin (both nil: GenDeg's unconditional stats).
    public static func encode(mu: Double?, sigma: Double?) throws -> [Float] {
        var rows = [Float](repeating: 0, count: 2 * rowLength)
        rows[try mu.map { try bin(of: $0, upperEdge: muUpperEdge, name: "mu") } ?? regularBins] = 1
        rows[rowLength + (try sigma.map { try bin(of: $0, upperEdge: sigmaUpperEdge, name: "sigma") } ?? regularBins)] = 1
        return rows
    }

    /// `np.digitize(value, np.linspace(0, upperEdge, 129), right=False) - 1`, with values at or
    /// above the top edge put in the last regular bin, as GenDeg does.
    public static func bin(of value: Double, upperEdge: Double, name: String = "value") throws -> Int {
        guard value.isFinite, value >= 0 else { throw EncodingError.invalidValue(name: name, value: value) }
        // numpy's linspace: edge k = k * (upper / 128), the last edge exactly `upper`.
        let step = upperEdge / Double(regularBins)
        func edge(_ k: Int) -> Double { k == regularBins ? upperEdge : Double(k) * step }
        var low = 0, high = regularBins + 1  // number of edges <= value lies in [low, high)
        while high - low > 1 {
            let middle = (low + high) / 2
            if edge(middle) <= value { low = middle } else { high = middle }
        }
        return min(low, regularBins - 1)
    }
}
