import Foundation

/// One real dataset's measured intensities for one degradation: histograms of GenDeg mu and
/// sigma over its paired training images.
public struct DatasetIntensity: Equatable, Sendable {
    public let name: String
    /// Counts in equal bins over `IntensityStatsCatalog.muRange`.
    public let muCounts: [Int]
    /// Counts in equal bins over `IntensityStatsCatalog.sigmaRange`.
    public let sigmaCounts: [Int]
    /// The median mu, interpolated inside its bin.
    public let medianMu: Double

    public init(name: String, muCounts: [Int], sigmaCounts: [Int], medianMu: Double) {
        self.name = name
        self.muCounts = muCounts
        self.sigmaCounts = sigmaCounts
        self.medianMu = medianMu
    }
}

/// A sparse cell of the pooled joint (mu, sigma) histogram.
public struct JointIntensityCell: Equatable, Sendable {
    public let muBin: Int
    public let sigmaBin: Int
    public let count: Int
}

public enum IntensityStatsError: Error, CustomStringConvertible {
    case missingResource
    case malformed(String)

    public var description: String {
        switch self {
        case .missingResource: return "intensity-stats.json is missing from the engine's resources"
        case .malformed(let reason): return "intensity-stats.json is malformed: \(reason)"
        }
    }
}

/// The intensity statistics GenDeg's authors measured on real datasets (Resources/intensity-stats.json).
public struct IntensityStatsCatalog: Sendable {
    public let muRange: ClosedRange<Double>
    public let sigmaRange: ClosedRange<Double>
    public let bins: Int
    private let datasetsByType: [DegradationType: [DatasetIntensity]]
    private let jointByType: [DegradationType: [JointIntensityCell]]

    public static func bundled() throws -> IntensityStatsCatalog {
        guard let url = Bundle.module.url(forResource: "intensity-stats", withExtension: "json") else {
            throw IntensityStatsError.missingResource
        }
        return try IntensityStatsCatalog(data: Data(contentsOf: url))
    }

    public init(data: Data) throws {
        guard let root = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw IntensityStatsError.malformed("the top level is not an object")
        }
        func range(_ key: String) throws -> ClosedRange<Double> {
            guard let pair = root[key] as? [Double], pair.count == 2, pair[0] < pair[1] else {
                throw IntensityStatsError.malformed("'\(key)' is not an increasing [low, high] pair")
            }
            return pair[0]...pair[1]
        }
        muRange = try range("mu_range")
        sigmaRange = try range("sigma_range")
        guard let bins = root["bins"] as? Int, bins > 0 else { throw IntensityStatsError.malformed("'bins' is missing") }
        self.bins = bins
        guard let types = root["degradations"] as? [String: Any] else {
            throw IntensityStatsError.malformed("'degradations' is missing")
        }
        var datasets: [DegradationType: [DatasetIntensity]] = [:]
        var joint: [DegradationType: [JointIntensityCell]] = [:]
        for (key, value) in types {
            guard let type = DegradationType(cliName: key) else { throw IntensityStatsError.malformed("unknown degradation '\(key)'") }
            guard let entry = value as? [String: Any], let sets = entry["datasets"] as? [String: Any] else {
                throw IntensityStatsError.malformed("'\(key)' has no datasets")
            }
            var list: [DatasetIntensity] = []
            for (name, histograms) in sets {
                guard let h = histograms as? [String: Any], let mu = h["mu"] as? [Int], let sigma = h["sigma"] as? [Int],
                      mu.count == bins, sigma.count == bins else {
                    throw IntensityStatsError.malformed("\(key)/\(name) needs 'mu' and 'sigma' lists of \(bins) counts")
                }
                list.append(DatasetIntensity(name: name, muCounts: mu, sigmaCounts: sigma,
                                             medianMu: Self.median(of: mu, over: muRange)))
            }
            datasets[type] = list.sorted { $0.medianMu < $1.medianMu }
            let triples = entry["joint_mu_sigma_all_datasets"] as? [[Int]] ?? []
            joint[type] = try triples.map { triple in
                guard triple.count == 3 else { throw IntensityStatsError.malformed("\(key) joint cell is not [mu, sigma, count]") }
                return JointIntensityCell(muBin: triple[0], sigmaBin: triple[1], count: triple[2])
            }
        }
        datasetsByType = datasets
        jointByType = joint
    }

    /// The datasets of one degradation, in increasing order of median mu.
    public func datasets(for type: DegradationType) -> [DatasetIntensity] { datasetsByType[type] ?? [] }

    /// The pooled joint (mu, sigma) histogram of one degradation, as sparse cells.
    public func jointCells(for type: DegradationType) -> [JointIntensityCell] { jointByType[type] ?? [] }

    /// The mu histogram of every dataset of one degradation added together.
    public func pooledMuCounts(for type: DegradationType) -> [Int] {
        var total = [Int](repeating: 0, count: bins)
        for set in datasets(for: type) { for i in 0..<bins { total[i] += set.muCounts[i] } }
        return total
    }

    public var muBinWidth: Double { (muRange.upperBound - muRange.lowerBound) / Double(bins) }
    public var sigmaBinWidth: Double { (sigmaRange.upperBound - sigmaRange.lowerBound) / Double(bins) }

    /// The most common sigma among real images of this mu: the mode of the joint histogram's
    /// row for mu's bin (or the nearest populated row). GenDeg conditions on both.
    public func typicalSigma(for type: DegradationType, mu: Double) -> Double {
        let cells = jointCells(for: type)
        guard !cells.isEmpty else { return mu * 0.75 }
        let bin = min(bins - 1, max(0, Int((mu - muRange.lowerBound) / muBinWidth)))
        let nearest = cells.min { abs($0.muBin - bin) < abs($1.muBin - bin) }!.muBin
        let row = cells.filter { $0.muBin == nearest }
        let mode = row.max { $0.count < $1.count }!
        return sigmaRange.lowerBound + (Double(mode.sigmaBin) + 0.5) * sigmaBinWidth
    }

    /// The mu below which `fraction` of the pooled images of this type lie.
    public func muQuantile(for type: DegradationType, fraction: Double) -> Double {
        Self.quantile(of: pooledMuCounts(for: type), over: muRange, fraction: fraction)
    }

    static func median(of counts: [Int], over range: ClosedRange<Double>) -> Double {
        quantile(of: counts, over: range, fraction: 0.5)
    }

    static func quantile(of counts: [Int], over range: ClosedRange<Double>, fraction: Double) -> Double {
        let total = counts.reduce(0, +)
        let width = (range.upperBound - range.lowerBound) / Double(counts.count)
        guard total > 0 else { return range.lowerBound }
        let target = fraction * Double(total)
        var cumulative = 0.0
        for (i, count) in counts.enumerated() where count > 0 {
            if cumulative + Double(count) >= target {
                let inside = (target - cumulative) / Double(count)
                return range.lowerBound + (Double(i) + inside) * width
            }
            cumulative += Double(count)
        }
        return range.upperBound
    }
}
