import XCTest
@testable import GenDegEngine

/// The slider must cover where real data lies: at intensity 1 every model reaches at least
/// the 95th percentile of its type's real mu (all datasets of intensity-stats.json pooled)
/// on typical photos.
final class DegradeRealReachTests: XCTestCase {
    func testFullIntensityReachesThe95thPercentileOfRealMu() throws {
        let stats = try Self.loadIntensityStats()
        for (index, name) in DegradeTestPhotos.typicalNames.enumerated() {
            let image = try DegradeTestPhotos.photo(name, width: 256)
            let seed = UInt64(index + 1)
            for type in DegradationType.allCases {
                let percentile = try Self.pooledMuPercentile(stats, type: type, fraction: 0.95)
                let reach = IntensityCalibrator.reachableMu(type: type, image: image, seed: seed).upperBound
                XCTAssertGreaterThanOrEqual(reach, percentile,
                                            "\(type.rawValue) on \(name) reaches only mu \(reach); real data's 95th percentile is \(percentile)")
            }
        }
    }

    func testPercentileReaderOnKnownHistogram() throws {
        // 128 bins over [0, 0.7]: all mass in bin 10, i.e. [0.0547, 0.0602).
        var mu = [Double](repeating: 0, count: 128)
        mu[10] = 4
        let stats: [String: Any] = ["mu_range": [0.0, 0.7], "degradations": ["haze": ["datasets": ["A": ["mu": mu]]]]]
        let p50 = try Self.pooledMuPercentile(stats, type: .haze, fraction: 0.5)
        XCTAssertEqual(p50, 0.7 * 10.5 / 128, accuracy: 1e-9)
    }

    static func loadIntensityStats() throws -> [String: Any] {
        let url = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Sources/Engine/Resources/intensity-stats.json")
        let data = try Data(contentsOf: url)
        return try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    /// The mu below which `fraction` of all image pairs of `type` lie, interpolating linearly
    /// within the histogram bin.
    static func pooledMuPercentile(_ stats: [String: Any], type: DegradationType, fraction: Double) throws -> Double {
        let range = try XCTUnwrap(stats["mu_range"] as? [Double])
        let degradations = try XCTUnwrap(stats["degradations"] as? [String: Any])
        let entry = try XCTUnwrap(degradations[type.statsKey] as? [String: Any], "no '\(type.statsKey)' in intensity-stats.json")
        let datasets = try XCTUnwrap(entry["datasets"] as? [String: Any])
        var pooled = [Double]()
        for case let dataset as [String: Any] in datasets.values {
            let counts = try XCTUnwrap(dataset["mu"] as? [Double])
            if pooled.isEmpty { pooled = [Double](repeating: 0, count: counts.count) }
            for i in counts.indices { pooled[i] += counts[i] }
        }
        let total = pooled.reduce(0, +)
        XCTAssertGreaterThan(total, 0)
        let width = (range[1] - range[0]) / Double(pooled.count)
        var cumulative = 0.0
        for (bin, count) in pooled.enumerated() where count > 0 {
            if cumulative + count >= fraction * total {
                return range[0] + width * (Double(bin) + (fraction * total - cumulative) / count)
            }
            cumulative += count
        }
        return range[1]
    }
}
