import Foundation

/// What a finished run made: counts per type and how well measured mu tracked the target.
public struct SynthesisSummary: Sendable {
    public struct MuBin: Sendable {
        public var targetRange: ClosedRange<Double>
        public var count: Int
        public var meanTarget: Double
        public var meanMeasured: Double
        public var meanAbsoluteError: Double
    }

    public var countsByType: [String: Int]
    public var muBinsByType: [String: [MuBin]]
    public var clamped: Int

    public init(records: [ManifestRecord], binWidth: Double = 0.05) {
        countsByType = Dictionary(grouping: records, by: \.type).mapValues(\.count)
        clamped = records.filter(\.clampedToReach).count
        muBinsByType = Dictionary(grouping: records, by: \.type).mapValues { group in
            Dictionary(grouping: group) { Int($0.targetMu / binWidth) }.sorted { $0.key < $1.key }.map { bin, members in
                let n = Double(members.count)
                return MuBin(targetRange: Double(bin) * binWidth...Double(bin + 1) * binWidth, count: members.count,
                             meanTarget: members.map(\.targetMu).reduce(0, +) / n,
                             meanMeasured: members.map(\.measuredMu).reduce(0, +) / n,
                             meanAbsoluteError: members.map { abs($0.measuredMu - $0.targetMu) }.reduce(0, +) / n)
            }
        }
    }

    /// A plain-text report with a bar per target bin.
    public func rendered() -> String {
        var lines = ["samples per type:"]
        for (type, count) in countsByType.sorted(by: { $0.key < $1.key }) { lines.append("  \(type): \(count)") }
        if clamped > 0 { lines.append("  (\(clamped) targets were out of the physical model's reach and were clamped)") }
        for (type, bins) in muBinsByType.sorted(by: { $0.key < $1.key }) {
            lines.append("\(type): target mu bin   count  mean target  mean measured  |error|")
            let most = bins.map(\.count).max() ?? 1
            for bin in bins {
                let bar = String(repeating: "█", count: max(1, bin.count * 20 / most))
                lines.append(String(format: "  %.2f-%.2f  %6d  %11.4f  %13.4f  %7.4f  ", bin.targetRange.lowerBound,
                                    bin.targetRange.upperBound, bin.count, bin.meanTarget, bin.meanMeasured, bin.meanAbsoluteError) + bar)
            }
        }
        return lines.joined(separator: "\n")
    }
}
