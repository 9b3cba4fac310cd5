import Foundation

/// Times the physical degradations (and intensity calibration) on one image.
public enum DegradationBench {
    /// The slider value timed: the strongest, so every particle and the largest kernel are in
    /// play and the median is the worst case a user can ask for.
    static let intensity: Float = 1.0

    /// Median wall-clock milliseconds per degradation type ("haze", ...), then per calibration
    /// ("calibrate haze", ..., reaching half of the type's reachable mu; timed at most 3 times).
    public static func run(image: RGBImage, repetitions: Int) -> [(name: String, medianMilliseconds: Double)] {
        let repetitions = max(1, repetitions)
        var timings: [(name: String, medianMilliseconds: Double)] = []
        for type in DegradationType.allCases {
            let model = PhysicalDegradations.model(for: type)
            _ = model.apply(to: image, intensity: intensity, seed: 1) // warm-up
            let times = (0..<repetitions).map { repetition in
                milliseconds { _ = model.apply(to: image, intensity: intensity, seed: UInt64(repetition + 1)) }
            }
            timings.append((type.rawValue, median(times)))
        }
        for type in DegradationType.allCases {
            let target = IntensityCalibrator.reachableMu(type: type, image: image, seed: 1).upperBound / 2
            let times = (0..<min(repetitions, 3)).map { _ in
                milliseconds { _ = try? IntensityCalibrator.reach(targetMu: target, type: type, image: image, seed: 1) }
            }
            timings.append(("calibrate \(type.rawValue)", median(times)))
        }
        return timings
    }

    static func milliseconds(_ body: () -> Void) -> Double {
        let start = DispatchTime.now().uptimeNanoseconds
        body()
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
    }

    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }
}
