/// A sample remembered for a batch export.
public struct ExportMark: Sendable {
    public var spec: SampleSpec
    public var sample: ExportableSample
}
