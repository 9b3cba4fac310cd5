import Foundation

/// Pearson's chi-square goodness-of-fit test, for the sampling tests.
enum ChiSquare {
    /// The statistic of observed bin counts against expected probabilities, merging sparse
    /// bins so that every expected count is at least 5. Returns (statistic, degrees of freedom).
    static func statistic(observed: [Int], expected probabilities: [Double]) -> (Double, Int) {
        let n = Double(observed.reduce(0, +))
        var groups: [(o: Double, e: Double)] = []
        var o = 0.0, e = 0.0
        for (count, p) in zip(observed, probabilities) {
            o += Double(count); e += p * n
            if e >= 5 { groups.append((o, e)); o = 0; e = 0 }
        }
        if e > 0 || o > 0, !groups.isEmpty { groups[groups.count - 1].o += o; groups[groups.count - 1].e += e }
        let statistic = groups.reduce(0) { $0 + ($1.o - $1.e) * ($1.o - $1.e) / $1.e }
        return (statistic, groups.count - 1)
    }

    /// Upper 0.1% point of chi-square with `df` degrees of freedom (Wilson-Hilferty).
    static func critical(_ df: Int) -> Double {
        let k = Double(df), z = 3.09
        return k * pow(1 - 2 / (9 * k) + z * (2 / (9 * k)).squareRoot(), 3)
    }
}
