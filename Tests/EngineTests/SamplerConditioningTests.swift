import XCTest
@testable import GenDegEngine

final class SamplerConditioningTests: XCTestCase {
    private struct Bins: Decodable {
        struct Case: Decodable { let value: Double; let bin: Int }
        let mu: [Case]
        let sigma: [Case]
    }

    func testIntensityBinsMatchNumpyDigitize() throws {
        let bins = try loadFixture(Bins.self, folder: "sampler", name: "intensity_bins")
        for c in bins.mu {
            XCTAssertEqual(try IntensityOneHot.bin(of: c.value, upperEdge: IntensityOneHot.muUpperEdge), c.bin, "mu \(c.value)")
        }
        for c in bins.sigma {
            XCTAssertEqual(try IntensityOneHot.bin(of: c.value, upperEdge: IntensityOneHot.sigmaUpperEdge), c.bin, "sigma \(c.value)")
        }
    }

    func testOneHotRowsAndNullBins() throws {
        let encoded = try IntensityOneHot.encode(mu: 0.35, sigma: nil)
        XCTAssertEqual(encoded.count, 258)
        XCTAssertEqual(encoded.reduce(0, +), 2)
        XCTAssertEqual(encoded[64], 1)  // 0.35 / (0.7 / 128) = 64 exactly
        XCTAssertEqual(encoded[129 + 128], 1)
        let null = try IntensityOneHot.encode(mu: nil, sigma: nil)
        XCTAssertEqual(null.indices.filter { null[$0] == 1 }, [128, 257])
        let top = try IntensityOneHot.encode(mu: 0.9, sigma: 0.4)
        XCTAssertEqual(top.indices.filter { top[$0] == 1 }, [127, 129 + 127])
    }

    func testInvalidIntensitiesThrow() {
        for bad in [-0.01, .nan, .infinity] {
            XCTAssertThrowsError(try IntensityOneHot.encode(mu: bad, sigma: 0.1))
            XCTAssertThrowsError(try IntensityOneHot.encode(mu: 0.1, sigma: bad))
        }
    }

    func testPromptsUseGenDegsPhrases() {
        let expected: [DegradationType: String] = [
            .haze: "a photo, in hazy conditions", .rain: "a photo, in rainy conditions",
            .snow: "a photo, in snowy conditions", .motionBlur: "a photo, in blurry conditions",
            .lowLight: "a photo, in low-light conditions", .raindrop: "a photo, with raindrops in it",
        ]
        for type in DegradationType.allCases {
            XCTAssertEqual(GenDegPrompt.text(type: type), expected[type])
        }
        XCTAssertEqual(GenDegPrompt.text(caption: " a photo of a street, ", type: .haze), "a photo of a street, in hazy conditions")
        XCTAssertEqual(GenDegPrompt.text(caption: "a car", type: .rain, mixedWithHaze: true), "a car, in rainy and hazy conditions")
        XCTAssertEqual(GenDegPrompt.text(caption: "a car", type: .snow, mixedWithHaze: true), "a car, in snowy and hazy conditions")
        XCTAssertEqual(GenDegPrompt.text(caption: "a car", type: .haze, mixedWithHaze: true), "a car, in hazy conditions")
        XCTAssertEqual(GenDegPrompt.text(caption: "", type: .snow), "in snowy conditions")
    }
}
