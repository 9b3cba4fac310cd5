import Foundation

/// A (mu, sigma) to synthesize, and where it came from.
public struct IntensityDraw: Equatable, Sendable {
    public var mu: Double
    public var sigma: Double
    /// The real dataset whose statistics it was drawn from, if any.
    public var dataset: String?
    /// How it was chosen.
    public var source: IntensitySource
}

/// How a sample's (mu, sigma) was chosen; the manifest's `intensity_source`.
public enum IntensitySource: String, Codable, CaseIterable, Sendable {
    /// GenDS: mu from a real dataset's histogram, sigma from the joint histogram's row.
    case gendsHistogram = "gends-histogram"
    /// GenDS: GenDeg's one-in-twenty draw, uniform within the dataset's populated range.
    case gendsUniform = "gends-uniform"
    /// `--intensity 0.12` or `0.12:0.08`.
    case fixed
    /// `--intensity 0.05-0.3`: mu uniform in the range.
    case range
}

/// How a synthesis run chooses intensities.
public enum IntensitySpec: Equatable, Sendable {
    /// As GenDeg made GenDS: from the real datasets' histograms (shared/data/README.md).
    case gends
    /// One fixed target.
    case fixed(mu: Double, sigma: Double?)
    /// mu uniform in a range; sigma the typical real sigma for that mu.
    case uniform(ClosedRange<Double>)

    /// Parses "gends", "0.12", "0.12:0.08" (mu:sigma) or "0.05-0.3".
    public init?(argument: String) {
        let text = argument.trimmingCharacters(in: .whitespaces).lowercased()
        if text == "gends" { self = .gends; return }
        if let dash = text.firstIndex(of: "-"), dash != text.startIndex,
           let low = Double(text[..<dash]), let high = Double(text[text.index(after: dash)...]),
           0 <= low, low < high, high <= 0.7 {
            self = .uniform(low...high)
            return
        }
        let parts = text.split(separator: ":").map { Double($0) }
        if parts.count == 1, let mu = parts[0], (0...0.7).contains(mu) { self = .fixed(mu: mu, sigma: nil); return }
        if parts.count == 2, let mu = parts[0], let sigma = parts[1], (0...0.7).contains(mu), (0...0.4).contains(sigma) {
            self = .fixed(mu: mu, sigma: sigma)
            return
        }
        return nil
    }

    /// The argument that parses back to this spec ("gends", "0.12", "0.12:0.08", "0.05-0.3").
    public var argument: String {
        switch self {
        case .gends: return "gends"
        case .fixed(let mu, nil): return "\(mu)"
        case .fixed(let mu, let sigma?): return "\(mu):\(sigma)"
        case .uniform(let range): return "\(range.lowerBound)-\(range.upperBound)"
        }
    }
}

/// GenDeg's intensity sampling for GenDS (get_samples_mu_sigma_nested.py and
/// EditDatasetParallelMuSigma in the reference): pick one of the degradation's datasets
/// with GenDeg's weights; once in twenty draws take (mu, sigma) uniform within the dataset's
/// populated range; otherwise mu from the dataset's mu histogram and sigma from the joint
/// histogram's row for that mu bin, each uniform within its bin.
public struct GenDSIntensitySampler: Sendable {
    public let type: DegradationType
    let catalog: IntensityStatsCatalog
    let datasets: [DatasetIntensity]
    let weights: [Double]
    /// Joint sigma counts per mu bin.
    let jointRows: [Int: [Int]]

    /// Datasets that GenDeg down-weights because their degradations are extreme.
    public static let weightFactors: [String: Double] = [
        "ORD": 0.2, "DenseHaze": 0.05, "NH-HAZE": 0.1, "I-HAZE": 0.25, "SID": 0.2,
    ]

    public init(catalog: IntensityStatsCatalog, type: DegradationType) {
        self.type = type
        self.catalog = catalog
        datasets = catalog.datasets(for: type).sorted { $0.name < $1.name }
        weights = datasets.map { Self.weightFactors[$0.name] ?? 1 }
        var rows: [Int: [Int]] = [:]
        for cell in catalog.jointCells(for: type) {
            rows[cell.muBin, default: [Int](repeating: 0, count: catalog.bins)][cell.sigmaBin] += cell.count
        }
        jointRows = rows
    }

    /// The probability of picking each dataset, by name.
    public var datasetProbabilities: [String: Double] {
        let total = weights.reduce(0, +)
        return Dictionary(uniqueKeysWithValues: zip(datasets.map(\.name), weights.map { $0 / total }))
    }

    public func draw(uniform: Bool, using random: inout SeededRandom) -> IntensityDraw {
        let dataset = datasets[Self.pick(weights.map { $0 }, using: &random)]
        if uniform {
            let mu = Self.uniformWithinPopulated(dataset.muCounts, range: catalog.muRange, using: &random)
            let sigma = Self.uniformWithinPopulated(dataset.sigmaCounts, range: catalog.sigmaRange, using: &random)
            return IntensityDraw(mu: mu, sigma: sigma, dataset: dataset.name, source: .gendsUniform)
        }
        let muBin = Self.pick(dataset.muCounts.map(Double.init), using: &random)
        let mu = Self.uniformInBin(muBin, range: catalog.muRange, bins: catalog.bins, using: &random)
        let row = jointRows[muBin].flatMap { $0.contains { $0 > 0 } ? $0 : nil } ?? dataset.sigmaCounts
        let sigmaBin = Self.pick(row.map(Double.init), using: &random)
        let sigma = Self.uniformInBin(sigmaBin, range: catalog.sigmaRange, bins: catalog.bins, using: &random)
        return IntensityDraw(mu: mu, sigma: sigma, dataset: dataset.name, source: .gendsHistogram)
    }

    static func pick(_ weights: [Double], using random: inout SeededRandom) -> Int {
        let total = weights.reduce(0, +)
        var target = Double(random.next() >> 11) / Double(1 << 53) * total
        for (i, w) in weights.enumerated() where w > 0 {
            if target < w { return i }
            target -= w
        }
        return weights.lastIndex { $0 > 0 } ?? 0
    }

    static func uniformInBin(_ bin: Int, range: ClosedRange<Double>, bins: Int, using random: inout SeededRandom) -> Double {
        let width = (range.upperBound - range.lowerBound) / Double(bins)
        return range.lowerBound + (Double(bin) + Double(random.next() >> 11) / Double(1 << 53)) * width
    }

    static func uniformWithinPopulated(_ counts: [Int], range: ClosedRange<Double>, using random: inout SeededRandom) -> Double {
        let width = (range.upperBound - range.lowerBound) / Double(counts.count)
        let first = counts.firstIndex { $0 > 0 } ?? 0
        let last = counts.lastIndex { $0 > 0 } ?? (counts.count - 1)
        let low = range.lowerBound + Double(first) * width, high = range.lowerBound + Double(last + 1) * width
        return low + (high - low) * Double(random.next() >> 11) / Double(1 << 53)
    }
}
