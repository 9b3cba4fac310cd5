import Foundation

/// Times each classical restorer on one image. The deconvolution restorers get a known 15-pixel
/// line kernel, so their rows time the deconvolution itself; the blind kernel estimate (which
/// they run when no kernel is known) has a row of its own.
public enum RestorerBench {
    public static func run(image: RGBImage, repetitions: Int) -> [(name: String, medianMilliseconds: Double)] {
        let deblurContext = RestoreContext(degradation: .motionBlur, knownKernel: LinearMotion(length: 15, angleDegrees: 30).kernel())
        var rows = ClassicalRestorers.all.map { restorer in
            let context = restorer.targets.contains(.motionBlur) ? deblurContext : RestoreContext()
            return (name: "restore-" + restorer.name,
                    medianMilliseconds: medianMilliseconds(repetitions) { _ = try? restorer.restore(image, context: context) })
        }
        rows.append((name: "restore-blur-estimate", medianMilliseconds: medianMilliseconds(repetitions) { _ = MotionBlurEstimator.estimate(image) }))
        return rows
    }

    static func medianMilliseconds(_ repetitions: Int, _ body: () -> Void) -> Double {
        var times: [Double] = []
        for _ in 0..<max(1, repetitions) {
            let start = DispatchTime.now().uptimeNanoseconds
            body()
            times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
        }
        times.sort()
        let middle = times.count / 2
        return times.count % 2 == 1 ? times[middle] : (times[middle - 1] + times[middle]) / 2
    }
}
