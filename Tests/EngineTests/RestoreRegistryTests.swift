import XCTest
@testable import GenDegEngine

final class RestoreRegistryTests: XCTestCase {
    func testNamesAreUniqueAndDescribed() {
        let names = ClassicalRestorers.all.map(\.name)
        XCTAssertEqual(Set(names).count, names.count)
        XCTAssertEqual(Set(names), ["dcp", "lime", "richardson-lucy", "wiener", "derain"])
        for restorer in ClassicalRestorers.all {
            XCTAssertFalse(restorer.summary.isEmpty)
            XCTAssertFalse(restorer.summary.contains("\n"))
            XCTAssertFalse(restorer.targets.isEmpty)
        }
    }

    func testLookupByNameAndDegradation() throws {
        XCTAssertEqual(try ClassicalRestorers.named("dcp").name, "dcp")
        XCTAssertEqual(try ClassicalRestorers.named("Wiener").name, "wiener")
        XCTAssertEqual(try ClassicalRestorers.named("desnow").name, "derain")
        XCTAssertThrowsError(try ClassicalRestorers.named("nope")) { error in
            guard case RestoreError.unknownRestorer(let name, let available) = error else { return XCTFail("wrong error \(error)") }
            XCTAssertEqual(name, "nope")
            XCTAssertEqual(available, ClassicalRestorers.all.map(\.name))
            XCTAssertTrue("\(error)".contains("richardson-lucy"))
        }
        XCTAssertEqual(ClassicalRestorers.forDegradation(.haze).map(\.name), ["dcp"])
        XCTAssertEqual(ClassicalRestorers.forDegradation(.lowLight).map(\.name), ["lime"])
        XCTAssertEqual(ClassicalRestorers.forDegradation(.motionBlur).map(\.name), ["richardson-lucy", "wiener"])
        XCTAssertEqual(ClassicalRestorers.forDegradation(.rain).map(\.name), ["derain"])
        XCTAssertEqual(ClassicalRestorers.forDegradation(.snow).map(\.name), ["derain"])
        XCTAssertEqual(ClassicalRestorers.forDegradation(.raindrop).map(\.name), ["derain"])
    }

    /// Odd, tiny and extreme inputs: no crash, same size out, every sample finite and in [0, 1].
    func testOddSizesAndExtremeValuesStayFiniteAndInRange() throws {
        var random = SeededRandom(seed: 17)
        var inputs: [RGBImage] = []
        for (width, height) in [(37, 23), (1, 1), (2, 2), (1, 40), (40, 1), (3, 64)] {
            inputs.append(RGBImage(width: width, height: height, pixels: (0..<(3 * width * height)).map { _ in random.uniform() }))
        }
        inputs.append(RGBImage(width: 16, height: 16, fill: 0))
        inputs.append(RGBImage(width: 16, height: 16, fill: 1))
        let kernel = LinearMotion(length: 9, angleDegrees: 45).kernel()
        for restorer in ClassicalRestorers.all {
            for image in inputs {
                for context in [RestoreContext(), RestoreContext(knownKernel: kernel)] {
                    let out = try restorer.restore(image, context: context)
                    XCTAssertEqual(out.width, image.width)
                    XCTAssertEqual(out.height, image.height)
                    XCTAssertTrue(out.pixels.allSatisfy { $0.isFinite && $0 >= 0 && $0 <= 1 },
                                  "\(restorer.name) on \(image.width)x\(image.height)")
                }
            }
        }
    }

    func testCancellationThrowsAndProgressIsReported() throws {
        let image = RGBImage(width: 24, height: 24, fill: 0.4)
        let kernel = LinearMotion(length: 5, angleDegrees: 0).kernel()
        for restorer in ClassicalRestorers.all {
            let stop = RestoreContext(knownKernel: kernel, progress: { _ in false })
            XCTAssertThrowsError(try restorer.restore(image, context: stop), restorer.name) { error in
                XCTAssertEqual(error as? RestoreError, .cancelled)
            }
            let seen = RestoreProgressLog()
            _ = try restorer.restore(image, context: RestoreContext(knownKernel: kernel, progress: { seen.append($0); return true }))
            let values = seen.values
            XCTAssertEqual(values.first, 0, restorer.name)
            XCTAssertEqual(values.last, 1, restorer.name)
            XCTAssertEqual(values, values.sorted(), "\(restorer.name) progress goes backwards")
        }
    }

    func testRichardsonLucyStopsMidwayWhenAsked() {
        let image = RGBImage(width: 24, height: 24, fill: 0.4)
        let kernel = LinearMotion(length: 5, angleDegrees: 0).kernel()
        let seen = RestoreProgressLog()
        let context = RestoreContext(knownKernel: kernel, progress: { fraction in seen.append(fraction); return fraction < 0.5 })
        XCTAssertThrowsError(try RichardsonLucyDeblur().restore(image, context: context))
        XCTAssertGreaterThan(seen.values.count, 10, "stopped before iterating")
        XCTAssertLessThan(seen.values.last!, 0.6)
    }

    func testBenchTimesEveryRestorer() {
        let rows = RestorerBench.run(image: RGBImage(width: 32, height: 32, fill: 0.5), repetitions: 1)
        XCTAssertEqual(rows.map(\.name), ClassicalRestorers.all.map { "restore-" + $0.name } + ["restore-blur-estimate"])
        XCTAssertTrue(rows.allSatisfy { $0.medianMilliseconds >= 0 })
    }
}

/// Progress values collected from a @Sendable callback.
final class RestoreProgressLog: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [Double] = []
    func append(_ value: Double) { lock.lock(); stored.append(value); lock.unlock() }
    var values: [Double] { lock.lock(); defer { lock.unlock() }; return stored }
}
