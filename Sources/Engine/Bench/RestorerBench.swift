import Foundation

/// Times each classical restorer on one image (no known kernel, so the deconvolution
/// restorers include their blind estimate).
public enum RestorerBench {
    public static func run(image: RGBImage, repetitions: Int) -> [(name: String, medianMilliseconds: Double)] {
        ClassicalRestorers.all.map { restorer in
            var times: [Double] = []
            for _ in 0..<max(1, repetitions) {
                let start = DispatchTime.now().uptimeNanoseconds
                _ = try? restorer.restore(image, context: RestoreContext())
                times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
            }
            times.sort()
            let middle = times.count / 2
            let median = times.count % 2 == 1 ? times[middle] : (times[middle - 1] + times[middle]) / 2
            return (name: "restore-" + restorer.name, medianMilliseconds: median)
        }
    }
}
