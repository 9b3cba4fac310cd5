import Foundation
import XCTest
@testable import GenDegEngine

/// The distribution of GenDS-style draws: sigma given mu follows the joint histogram's row,
/// about one sample in twenty is GenDeg's uniform draw, and the whole per-sample draw of a
/// plan (.gends) follows the mixture of both.
final class GenDSDrawDistributionTests: XCTestCase {
    let catalog = try! IntensityStatsCatalog.bundled()

    func muBin(_ mu: Double) -> Int { min(catalog.bins - 1, max(0, Int((mu - catalog.muRange.lowerBound) / catalog.muBinWidth))) }
    func sigmaBin(_ sigma: Double) -> Int {
        min(catalog.bins - 1, max(0, Int((sigma - catalog.sigmaRange.lowerBound) / catalog.sigmaBinWidth)))
    }

    /// Joint sigma counts of one mu bin, pooled over the type's datasets (what the sampler uses).
    func jointRow(_ type: DegradationType, muBin bin: Int) -> [Int] {
        var row = [Int](repeating: 0, count: catalog.bins)
        for cell in catalog.jointCells(for: type) where cell.muBin == bin { row[cell.sigmaBin] += cell.count }
        return row
    }

    /// Sigma bins of histogram draws, grouped by the mu bin they fell in.
    func sigmaBinsByMuBin(_ type: DegradationType, draws: Int, seed: UInt64) -> [Int: [Int]] {
        let sampler = GenDSIntensitySampler(catalog: catalog, type: type)
        var random = SeededRandom(seed: seed)
        var byMu: [Int: [Int]] = [:]
        for _ in 0..<draws {
            let draw = sampler.draw(uniform: false, using: &random)
            XCTAssertEqual(draw.source, .gendsHistogram)
            byMu[muBin(draw.mu), default: [Int](repeating: 0, count: catalog.bins)][sigmaBin(draw.sigma)] += 1
        }
        return byMu
    }

    func testSigmaGivenMuFollowsTheJointRow() {
        var tested = 0
        for type in DegradationType.allCases {
            for (bin, observed) in sigmaBinsByMuBin(type, draws: 20_000, seed: 21) where observed.reduce(0, +) >= 400 {
                let row = jointRow(type, muBin: bin)
                let total = Double(row.reduce(0, +))
                guard total > 0 else { continue }  // no joint data for this bin: the dataset's sigma histogram is used
                let (statistic, df) = ChiSquare.statistic(observed: observed, expected: row.map { Double($0) / total })
                guard df > 0 else { continue }
                XCTAssertLessThan(statistic, ChiSquare.critical(df), "\(type) mu bin \(bin): chi-square \(statistic), df \(df)")
                tested += 1
            }
        }
        XCTAssertGreaterThanOrEqual(tested, 12, "too few mu bins with enough draws to test the joint rows")
    }

    func testJointRowTestRejectsSigmaDrawnFromAnotherRow() {
        // The test above must be able to fail: sigma drawn from the row of the type's lowest
        // populated mu bin does not pass as the row of its highest one.
        let byMu = sigmaBinsByMuBin(.haze, draws: 20_000, seed: 22).filter { $0.value.reduce(0, +) >= 400 }
        let low = byMu.keys.min()!, high = byMu.keys.max()!
        XCTAssertNotEqual(low, high)
        let row = jointRow(.haze, muBin: high)
        let total = Double(row.reduce(0, +))
        let (statistic, df) = ChiSquare.statistic(observed: byMu[low]!, expected: row.map { Double($0) / total })
        XCTAssertGreaterThan(statistic, ChiSquare.critical(df))
    }

    func makePlan(types: [DegradationType], perImage: Int, seed: UInt64 = 77) throws -> SynthesisPlan {
        try SynthesisPlan(imagePaths: SampleImages.bundledPaths(), types: types, perImage: perImage, seed: seed,
                          intensity: .gends, catalog: catalog)
    }

    func testAboutOneSampleInTwentyIsAUniformDraw() throws {
        let plan = try makePlan(types: DegradationType.allCases, perImage: 500)
        let draws = plan.jobs.map { plan.intensity(for: $0) }
        let n = Double(draws.count)
        XCTAssertEqual(n, 4 * 6 * 500)
        let uniform = Double(draws.filter { $0.source == .gendsUniform }.count)
        XCTAssertEqual(draws.filter { $0.source == .gendsHistogram }.count + Int(uniform), draws.count)
        // Binomial(n, 1/20): 4.5 standard deviations either side (false alarm about 1 in 150,000).
        let sd = (n * 0.05 * 0.95).squareRoot()
        XCTAssertEqual(uniform, n * 0.05, accuracy: 4.5 * sd, "\(Int(uniform)) uniform draws in \(Int(n))")
        // Per sample, not a counter: a plan's uniform draws do not fall every twentieth job.
        let positions = draws.indices.filter { draws[$0].source == .gendsUniform }
        XCTAssertGreaterThan(Set(positions.map { $0 % 20 }).count, 10)
    }

    func testWholePerSampleDrawFollowsTheHistogramAndUniformMixture() throws {
        let types: [DegradationType] = [.haze, .lowLight, .raindrop]
        let plan = try makePlan(types: types, perImage: 3000)
        for type in types {
            let sampler = GenDSIntensitySampler(catalog: catalog, type: type)
            let probabilities = sampler.datasetProbabilities
            var expected = [Double](repeating: 0, count: catalog.bins)
            for dataset in catalog.datasets(for: type) {
                let p = probabilities[dataset.name]!
                let total = Double(dataset.muCounts.reduce(0, +))
                let first = dataset.muCounts.firstIndex { $0 > 0 }!, last = dataset.muCounts.lastIndex { $0 > 0 }!
                for bin in 0..<catalog.bins {
                    expected[bin] += 0.95 * p * Double(dataset.muCounts[bin]) / total
                    if (first...last).contains(bin) { expected[bin] += 0.05 * p / Double(last - first + 1) }
                }
            }
            var observed = [Int](repeating: 0, count: catalog.bins)
            for job in plan.jobs where job.type == type { observed[muBin(plan.intensity(for: job).mu)] += 1 }
            XCTAssertEqual(observed.reduce(0, +), 4 * 3000)
            let (statistic, df) = ChiSquare.statistic(observed: observed, expected: expected)
            XCTAssertLessThan(statistic, ChiSquare.critical(df), "\(type): chi-square \(statistic), df \(df)")
            // Without the uniform share the same draws are rejected for at least the types whose
            // uniform range reaches far past their histogram; checked on haze below.
            if type == .haze {
                var histogramOnly = [Double](repeating: 0, count: catalog.bins)
                for dataset in catalog.datasets(for: type) {
                    let total = Double(dataset.muCounts.reduce(0, +))
                    for bin in 0..<catalog.bins { histogramOnly[bin] += probabilities[dataset.name]! * Double(dataset.muCounts[bin]) / total }
                }
                let (wrong, wrongDF) = ChiSquare.statistic(observed: observed, expected: histogramOnly)
                XCTAssertGreaterThan(wrong, ChiSquare.critical(wrongDF), "haze: the uniform share is not visible")
            }
        }
    }
}
