import Foundation

/// The ranges every numeric setting must lie in, shared by the command line and the explorer so
/// both refuse the same values in the same words. Size-like values are checked before anything
/// is allocated: past these bounds a run would ask for more memory than a machine has, or
/// (guidance, intensities) compute NaN and write a black image.
public enum ParameterLimits {
    /// Diffusion sampling steps (`--steps`, `:steps`, the generator section's arrows).
    public static let steps = 1...1000
    /// Classifier-free guidance scales, text and image.
    public static let guidance = 0.0...100.0
    /// GenDeg's intensity statistics: the one-hot bins end at 0.7 (mu) and 0.4 (sigma).
    public static let mu = 0.0...0.7
    public static let sigma = 0.0...0.4
    /// The physical models' slider.
    public static let intensity = 0.0...1.0
    /// Square side of a diffusion run in pixels; a model also needs a multiple of its own
    /// (`GenDegModel.checkResolution`) and the memory the run takes.
    public static let resolution = 8...4096
    /// Samples per image and type in a synthesis run.
    public static let perImage = 1...10_000
    /// The most samples one synthesis run may plan (images x types x samples per image).
    public static let synthesisSamples = 1...50_000_000
    /// Parallel synthesis workers; each holds its images in memory.
    public static let workers = 1...512
    /// Learned restorers' tiling, in pixels.
    public static let tileSize = 32...16_384
    public static let tileOverlap = 0...2048
    /// NAFNet TLC training size; 0 is off. A network also has a minimum (its padding multiple).
    public static let tlcTrainSize = 0...65_536
    /// Zero-DCE++ curve-estimation downscale factor.
    public static let scaleFactor = 1...256
    /// A learned restorer's working-memory bound, in MB (the top also meets the machine's memory).
    public static let memoryLimitMB = 16...(1 << 24)
    /// `gendeg bench --repetitions`.
    public static let repetitions = 1...1000
    /// GENDEG_MAX_MEGAPIXELS: up to 100,000 megapixels (a 1.2 TB float image).
    public static let megapixels = 0.000_001...100_000.0

    /// `value` when it lies in `range`, else an error naming `name` and the range.
    @discardableResult
    public static func check(_ value: Int, in range: ClosedRange<Int>, _ name: String, unit: String = "") throws -> Int {
        guard range.contains(value) else {
            throw ParameterError(name, "\(value) is out of range: it must lie in \(range.lowerBound)...\(range.upperBound)\(unit)")
        }
        return value
    }

    /// `value` when it is a finite number in `range`, else an error naming `name`.
    @discardableResult
    public static func check(_ value: Double, in range: ClosedRange<Double>, _ name: String) throws -> Double {
        try finite(value, name)
        guard range.contains(value) else {
            throw ParameterError(name, "\(format(value)) is out of range: it must lie in [\(format(range.lowerBound)), \(format(range.upperBound))]")
        }
        return value
    }

    @discardableResult
    public static func check(_ value: Float, in range: ClosedRange<Double>, _ name: String) throws -> Float {
        Float(try check(Double(value), in: range, name))
    }

    /// A number as a user would write it: 0.7, 2, 1e-06.
    static func format(_ value: Double) -> String { String(format: "%g", value) }

    /// NaN and the infinities (including a literal such as 1e309 that overflows to one) are never a setting.
    @discardableResult
    public static func finite(_ value: Double, _ name: String) throws -> Double {
        guard value.isFinite else { throw ParameterError(name, "\(value) is not a finite number") }
        return value
    }

    /// A number the user typed (an explorer command, an environment variable): finite and in `range`.
    public static func number(_ text: String, in range: ClosedRange<Double>, _ name: String) throws -> Double {
        guard let value = Double(text.trimmingCharacters(in: .whitespaces)) else {
            throw ParameterError(name, "'\(text)' is not a number")
        }
        return try check(value, in: range, name)
    }

    /// A whole number the user typed, in `range`.
    public static func wholeNumber(_ text: String, in range: ClosedRange<Int>, _ name: String) throws -> Int {
        guard let value = Int(text.trimmingCharacters(in: .whitespaces)) else {
            throw ParameterError(name, "'\(text)' is not a whole number")
        }
        return try check(value, in: range, name)
    }

    /// The distinct elements of `values`, or an error naming `name` and the first repeated one.
    @discardableResult
    public static func distinct<T: Hashable>(_ values: [T], _ name: String, spelled: (T) -> String = { "\($0)" }) throws -> [T] {
        var seen = Set<T>()
        for value in values where !seen.insert(value).inserted {
            throw ParameterError(name, "'\(spelled(value))' is given twice")
        }
        return values
    }
}
