import GenDegEngine
import XCTest

final class IntensityStatsCatalogTests: XCTestCase {
    func testBundledCatalogHasEveryTypeWithSortedDatasets() throws {
        let catalog = try IntensityStatsCatalog.bundled()
        XCTAssertEqual(catalog.bins, 128)
        for type in DegradationType.allCases {
            let sets = catalog.datasets(for: type)
            XCTAssertFalse(sets.isEmpty, "\(type) has no datasets")
            XCTAssertEqual(sets.map(\.medianMu), sets.map(\.medianMu).sorted())
            for set in sets {
                XCTAssertEqual(set.muCounts.count, 128)
                XCTAssertTrue(catalog.muRange.contains(set.medianMu))
            }
            XCTAssertEqual(catalog.pooledMuCounts(for: type).reduce(0, +), sets.reduce(0) { $0 + $1.muCounts.reduce(0, +) })
            XCTAssertFalse(catalog.jointCells(for: type).isEmpty)
        }
        XCTAssertEqual(Set(catalog.datasets(for: .haze).map(\.name)), ["CityscapesFog", "DenseHaze", "I-HAZE", "NH-HAZE", "RESIDE"])
    }

    func testMedianInterpolatesInsideTheBin() throws {
        let json = """
        {"mu_range":[0,1],"sigma_range":[0,1],"bins":4,"degradations":{"haze":{"joint_mu_sigma_all_datasets":[[1,1,4]],
        "datasets":{"A":{"mu":[0,4,0,0],"sigma":[0,4,0,0]}}}}}
        """
        let catalog = try IntensityStatsCatalog(data: Data(json.utf8))
        XCTAssertEqual(catalog.datasets(for: .haze)[0].medianMu, 0.375, accuracy: 1e-12)
        XCTAssertEqual(catalog.typicalSigma(for: .haze, mu: 0.9), 0.375, accuracy: 1e-12)
        XCTAssertEqual(catalog.muQuantile(for: .haze, fraction: 1), 0.5, accuracy: 1e-12)
    }

    func testMalformedCatalogsAreRejectedWithReasons() {
        let cases = [
            "[]": "top level",
            #"{"mu_range":[1,0],"sigma_range":[0,1],"bins":4,"degradations":{}}"#: "mu_range",
            #"{"mu_range":[0,1],"sigma_range":[0,1],"bins":4,"degradations":{"fog-storm":{"datasets":{}}}}"#: "fog-storm",
            #"{"mu_range":[0,1],"sigma_range":[0,1],"bins":4,"degradations":{"haze":{"datasets":{"A":{"mu":[1],"sigma":[1]}}}}}"#: "haze/A",
        ]
        for (json, expected) in cases {
            XCTAssertThrowsError(try IntensityStatsCatalog(data: Data(json.utf8))) { error in
                XCTAssertTrue("\(error)".contains(expected), "\(error) should mention \(expected)")
            }
        }
    }
}
