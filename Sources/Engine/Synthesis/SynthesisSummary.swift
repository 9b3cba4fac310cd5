import Foundation

/// What a finished run made: counts per type, and per type the histogram of the measured mu
/// beside the histogram of the target mu, so one sees at a glance whether the generator hit
/// the intensities it was asked for.
public struct SynthesisSummary: Sendable {
    public struct MuBin: Equatable, Sendable {
        public var range: ClosedRange<Double>
        /// Samples whose target mu lies in the bin.
        public var targetCount: Int
        /// Samples whose measured mu lies in the bin.
        public var measuredCount: Int
        /// Mean |measured - target| over the samples whose target lies in the bin; nil if none.
        public var meanAbsoluteError: Double?
    }

    public var countsByType: [String: Int]
    public var muBinsByType: [String: [MuBin]]
    public var clamped: Int

    public init(records: [ManifestRecord], binWidth: Double = 0.05) {
        let byType = Dictionary(grouping: records, by: \.type)
        countsByType = byType.mapValues(\.count)
        clamped = records.filter(\.clampedToReach).count
        func bin(_ mu: Double) -> Int { max(0, Int(mu / binWidth)) }
        muBinsByType = byType.mapValues { group in
            let targets = Dictionary(grouping: group) { bin($0.targetMu) }
            let measured = Dictionary(grouping: group) { bin($0.measuredMu) }
            let populated = Set(targets.keys).union(measured.keys)
            return (populated.min()!...populated.max()!).map { index in
                let members = targets[index] ?? []
                let error = members.isEmpty ? nil
                    : members.map { abs($0.measuredMu - $0.targetMu) }.reduce(0, +) / Double(members.count)
                return MuBin(range: Double(index) * binWidth...Double(index + 1) * binWidth, targetCount: members.count,
                             measuredCount: measured[index]?.count ?? 0, meanAbsoluteError: error)
            }
        }
    }

    /// A plain-text report: counts per type, then per type one row per mu bin with a bar for
    /// the target and a bar for the measured histogram.
    public func rendered() -> String {
        var lines = ["samples per type:"]
        for (type, count) in countsByType.sorted(by: { $0.key < $1.key }) { lines.append("  \(type): \(count)") }
        if clamped > 0 { lines.append("  (\(clamped) targets were out of the physical model's reach and were clamped)") }
        let width = 20
        func bar(_ count: Int, _ most: Int) -> String {
            let filled = count == 0 ? 0 : max(1, count * width / most)
            return String(repeating: "█", count: filled) + String(repeating: " ", count: width - filled)
        }
        for (type, bins) in muBinsByType.sorted(by: { $0.key < $1.key }) {
            lines.append("\(type): mu histogram, target against measured")
            lines.append("  mu bin      " + "target".padding(toLength: width + 8, withPad: " ", startingAt: 0)
                         + "measured".padding(toLength: width + 8, withPad: " ", startingAt: 0) + "mean |measured - target|")
            let most = max(1, bins.map { max($0.targetCount, $0.measuredCount) }.max() ?? 1)
            for bin in bins {
                let error = bin.meanAbsoluteError.map { String(format: "%.4f", $0) } ?? "-"
                lines.append(String(format: "  %.2f-%.2f  %6d ", bin.range.lowerBound, bin.range.upperBound, bin.targetCount)
                             + bar(bin.targetCount, most) + String(format: " %6d ", bin.measuredCount) + bar(bin.measuredCount, most)
                             + " " + error)
            }
        }
        return lines.joined(separator: "\n")
    }
}
