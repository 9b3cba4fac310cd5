import Foundation
@testable import GenDegEngine
import GenDegTestSupport
import XCTest

/// The session's reducer on its own: events in, state and effects out, no queues.
final class SessionReducerTests: XCTestCase {
    private func state(restoreSource: DegradedSource = .physical) -> SessionState {
        let restorers: [Restorer] = [StretchRestorer(name: "a"), StretchRestorer(name: "b")]
        var state = SessionState(imagePaths: ["/x.png"], settings: GeneratorSettings(),
                                 restorerSelection: RestorerSelection(following: .haze, among: restorers), diffusionAvailable: false)
        state.restoreSource = restoreSource
        return state
    }

    private func effectNames(_ effects: [SessionEffect]) -> [String] {
        effects.map { effect in
            switch effect {
            case .degradationChanged: return "degradationChanged"
            case .startRestorers: return "startRestorers"
            case .measure(let output, _, _): return "measure \(output)"
            }
        }
    }

    func testACleanImageForTheCurrentPathRedoesTheDegradation() {
        var state = state()
        let image = TestImages.gradient()
        let effects = SessionReducer.reduce(&state, .cleanLoaded(token: 1, path: "/x.png", image: image,
                                                                originalSize: ImageSize(width: 64, height: 48)))
        XCTAssertEqual(effectNames(effects), ["degradationChanged"])
        XCTAssertEqual(state.clean, image)
        XCTAssertEqual(state.output(.clean).phase, .ready)
        var other = self.state()
        XCTAssertTrue(SessionReducer.reduce(&other, .cleanLoaded(token: 1, path: "/y.png", image: image,
                                                                 originalSize: ImageSize(width: 64, height: 48))).isEmpty)
        XCTAssertNil(other.clean, "an image for another path is dropped")
    }

    func testAPhysicalResultIsMeasuredAndStartsTheRestorersThatUseIt() {
        let result = GeneratedImage(image: TestImages.gradient())
        let stats = DegradationStats(mu: 0.1, sigma: 0.05)
        var physical = state()
        let effects = SessionReducer.reduce(&physical, .generated(lane: .physical, token: 1, output: .physical, result: result, stats: stats))
        XCTAssertEqual(effectNames(effects), ["measure physical", "startRestorers"])
        XCTAssertEqual(physical.output(.physical).stats, stats)
        XCTAssertGreaterThan(physical.output(.physical).version, 0)
        var diffusionFed = state(restoreSource: .diffusion)
        let fewer = SessionReducer.reduce(&diffusionFed, .generated(lane: .physical, token: 1, output: .physical, result: result, stats: stats))
        XCTAssertEqual(effectNames(fewer), ["measure physical"], "restorers fed the diffusion image are left alone")
    }

    func testMetricsForAnOlderImageAndResultsOfHiddenRestorersAreDropped() {
        var state = state()
        _ = SessionReducer.reduce(&state, .restored(token: 1, name: "a", source: .physical, image: TestImages.gradient()))
        let version = state.output(.restored("a")).version
        _ = SessionReducer.reduce(&state, .metrics(output: .restored("a"), version: version - 1, metrics: PaneMetrics(psnr: 1, ssim: 0)))
        XCTAssertNil(state.output(.restored("a")).metrics)
        _ = SessionReducer.reduce(&state, .metrics(output: .restored("a"), version: version, metrics: PaneMetrics(psnr: 30, ssim: 0.9)))
        XCTAssertEqual(state.output(.restored("a")).metrics, PaneMetrics(psnr: 30, ssim: 0.9))
        XCTAssertTrue(SessionReducer.reduce(&state, .restored(token: 1, name: "zzz", source: .physical, image: TestImages.gradient())).isEmpty)
        XCTAssertNil(state.outputs[.restored("zzz")])
    }

    func testFailuresAreErrorNoticesAndExportsInfoNotices() {
        var state = state()
        state.jobs[.export] = JobProgress(label: "export", step: 0, total: 1, started: Date())
        _ = SessionReducer.reduce(&state, .exportFailed(message: "disk full"))
        XCTAssertEqual(state.notice, .error("export failed: disk full"))
        XCTAssertNil(state.jobs[.export])
        _ = SessionReducer.reduce(&state, .exported(paths: ["/e/1", "/e/2"], folder: "/e"))
        XCTAssertEqual(state.notice, .info("exported 2 samples to /e"))
        _ = SessionReducer.reduce(&state, .failed(lane: .physical, token: 1, output: .physical, message: "physical: broke"))
        XCTAssertEqual(state.notice, .error("physical: broke"))
        XCTAssertEqual(state.output(.physical).phase, .failed("physical: broke"))
    }
}
