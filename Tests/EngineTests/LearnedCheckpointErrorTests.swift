import XCTest
@testable import GenDegEngine

/// Wrong, partial and unsupported checkpoints give errors that say what is wrong.
final class LearnedCheckpointErrorTests: XCTestCase {
    func nafnetWeights() throws -> WeightLoader {
        try WeightLoader.open(try LearnedGoldenTests.fixture("nafnet_w8", "pth"))
    }

    /// The same tensors, edited.
    func edited(_ base: WeightLoader, drop: String? = nil, add: String? = nil,
                reshape: (String, [Int])? = nil) -> WeightLoader {
        var shapes = base.allShapes
        if let drop { shapes[drop] = nil }
        if let add { shapes[add] = [1] }
        if let (name, shape) = reshape { shapes[name] = shape }
        return WeightLoader(source: "edited.pth", shapes: shapes) { name in
            if name == add { return Tensor(shape: [1], data: [0]) }
            let values = try base.take(name, shape: base.shape(name)!)
            return Tensor(shape: shapes[name]!, data: values + [Float](repeating: 0, count: max(0, shapes[name]!.reduce(1, *) - values.count)))
        }
    }

    func config(_ weights: WeightLoader) throws -> NAFNetConfig {
        let detected = try LearnedArchitecture.detect(names: weights.names, shapes: weights.allShapes)
        guard let config = detected.nafnet else {
            throw FixtureError(description: "fixture nafnet_w8 is detected as \(detected.name), not NAFNet")
        }
        return config
    }

    func testPartialCheckpointNamesTheMissingTensor() throws {
        let base = try nafnetWeights()
        let partial = edited(base, drop: "decoders.1.0.conv4.weight")
        XCTAssertThrowsError(try NAFNet(partial, config: try config(base))) {
            XCTAssertEqual($0 as? ModelLoadError, .missingTensor("decoders.1.0.conv4.weight", checkpoint: "edited.pth"))
        }
    }

    func testExtraTensorsAreRejected() throws {
        let base = try nafnetWeights()
        XCTAssertThrowsError(try NAFNet(edited(base, add: "head.weight"), config: try config(base))) {
            XCTAssertEqual($0 as? ModelLoadError, .unexpectedTensors(["head.weight"], architecture: "NAFNet", checkpoint: "edited.pth"))
        }
    }

    func testWrongShapeIsReported() throws {
        let base = try nafnetWeights()
        XCTAssertThrowsError(try NAFNet(edited(base, reshape: ("middle_blks.0.conv5.weight", [32, 8, 1, 1])), config: try config(base))) {
            XCTAssertEqual($0 as? ModelLoadError, .shapeMismatch("middle_blks.0.conv5.weight", expected: [32, 32, 1, 1],
                                                                          actual: [32, 8, 1, 1], checkpoint: "edited.pth"))
        }
    }

    func testUnknownArchitecture() {
        XCTAssertThrowsError(try LearnedArchitecture.detect(names: ["conv_in.weight", "conv_out.weight"],
                                                            shapes: ["conv_in.weight": [4, 3, 3, 3], "conv_out.weight": [3, 4, 3, 3]])) {
            XCTAssertEqual($0 as? ModelLoadError, .unknownArchitecture(checkpoint: "checkpoint", sample: ["conv_in.weight", "conv_out.weight"]))
        }
    }

    func testDualPixelRestormerIsUnsupported() throws {
        let weights = try WeightLoader.open(try LearnedGoldenTests.fixture("restormer_d4", "pth"))
        var shapes = weights.allShapes
        shapes["skip_conv.weight"] = [8, 4, 1, 1]
        XCTAssertThrowsError(try LearnedArchitecture.detect(names: Array(shapes.keys), shapes: shapes)) {
            XCTAssertTrue("\($0)".contains("dual-pixel"), "\($0)")
        }
    }

    func testNotACheckpoint() throws {
        let png = try XCTUnwrap(SampleImages.bundledPaths().first { $0.hasSuffix(".png") })
        XCTAssertThrowsError(try LearnedRestorer(checkpoint: png)) {
            guard case .unreadableCheckpoint(let path, _)? = $0 as? ModelLoadError else { return XCTFail("\($0)") }
            XCTAssertEqual(path, png)
        }
        XCTAssertThrowsError(try LearnedRestorer(checkpoint: "/nonexistent/model.pth"))
    }

    func testPrefixesAreStrippedOnlyWhenShared() {
        let stripped = WeightLoader.stripPrefixes(["module.net.a.weight", "module.net.b.bias"]).map(\.1)
        XCTAssertEqual(stripped, ["a.weight", "b.bias"])
        let mixed = WeightLoader.stripPrefixes(["net.a", "b"]).map(\.1)
        XCTAssertEqual(mixed, ["net.a", "b"])
    }

    /// detect = identify + "restores RGB": the structure corrector is identified but not a restorer.
    func testIdentifyAcceptsWhatDetectRefuses() throws {
        let corrector = try WeightLoader.open(try StructureCorrectionTests.fixture("ckpt"))
        let identified = try LearnedArchitecture.identify(names: corrector.names, shapes: corrector.allShapes)
        guard let config = identified.nafnet else { return XCTFail("not identified as NAFNet: \(identified)") }
        XCTAssertEqual([config.inChannels, config.outChannels], [6, 3])
        XCTAssertNotNil(identified.restorerProblem(source: "x"))
        XCTAssertThrowsError(try LearnedArchitecture.detect(names: corrector.names, shapes: corrector.allShapes))
        let restorer = try nafnetWeights()
        XCTAssertEqual(try LearnedArchitecture.identify(names: restorer.names, shapes: restorer.allShapes),
                       try LearnedArchitecture.detect(names: restorer.names, shapes: restorer.allShapes))
    }
}
