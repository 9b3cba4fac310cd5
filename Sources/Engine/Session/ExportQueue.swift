/// The samples waiting for a batch export (the marks), and what an export of them, or of the
/// current sample when none is marked, tells the user.
public struct ExportQueue: Sendable {
    public private(set) var marks: [ExportMark] = []

    public init() {}

    public func isMarked(_ spec: SampleSpec) -> Bool { marks.contains { $0.spec == spec } }

    /// Marks the sample, or unmarks it if it is marked; `sample` is nil while it has no results.
    /// Returns whether anything changed, and the notice for the user.
    public mutating func toggle(_ spec: SampleSpec, sample: @autoclosure () -> ExportableSample?) -> (changed: Bool, notice: Notice) {
        if let index = marks.firstIndex(where: { $0.spec == spec }) {
            marks.remove(at: index)
            return (true, .info("unmarked (\(marks.count) marked)"))
        }
        guard let sample = sample() else { return (false, .info("nothing to mark yet: wait for the preview")) }
        marks.append(ExportMark(spec: spec, sample: sample))
        return (true, .info("marked (\(marks.count) marked)"))
    }

    /// What an export writes: every marked sample, else the current one (nil while it has no results).
    public func batch(current: @autoclosure () -> ExportableSample?) -> [ExportableSample]? {
        if !marks.isEmpty { return marks.map(\.sample) }
        return current().map { [$0] }
    }

    /// Records a finished export; a batch empties the marks.
    public mutating func finished(paths: [String], folder: String) -> Notice {
        if paths.count > 1 || !marks.isEmpty { marks.removeAll() }
        return .info(paths.count == 1 ? "exported to \(paths[0])" : "exported \(paths.count) samples to \(folder)")
    }
}
