import Foundation

/// Remembers, per (image, type, seed), the (intensity, mu) points the calibrator measured at
/// full size with the type's default model. The models are deterministic, so a later target on the same curve starts from
/// the two remembered points around it: the explorer's slider, stepping along one curve, then
/// needs one or two evaluations per key press instead of a whole search.
public final class MuCurveMemo: @unchecked Sendable {
    struct Key: Hashable {
        let image: Int
        let width: Int
        let height: Int
        let type: DegradationType
        let seed: UInt64
    }

    private let lock = NSLock()
    private var curves: [Key: [(intensity: Float, mu: Double)]] = [:]
    private let capacity: Int

    public init(capacity: Int = 64) { self.capacity = capacity }

    static func key(image: RGBImage, type: DegradationType, seed: UInt64) -> Key {
        var hasher = Hasher()
        image.pixels.withUnsafeBytes { hasher.combine(bytes: $0) }
        return Key(image: hasher.finalize(), width: image.width, height: image.height,
                   type: type, seed: seed)
    }

    func points(_ key: Key) -> [(intensity: Float, mu: Double)] {
        lock.lock(); defer { lock.unlock() }
        return curves[key] ?? []
    }

    func record(_ key: Key, intensity: Float, mu: Double) {
        lock.lock(); defer { lock.unlock() }
        if curves[key] == nil, curves.count >= capacity { curves.removeAll() }
        var points = curves[key] ?? []
        if !points.contains(where: { $0.intensity == intensity }) {
            points.append((intensity, mu))
            points.sort { $0.intensity < $1.intensity }
        }
        curves[key] = points
    }
}
