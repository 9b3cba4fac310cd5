import GenDegEngine

/// Inverts the veil exactly when it knows the amount; otherwise a fixed contrast stretch.
public struct StretchRestorer: Restorer {
    public var name: String
    public var summary = "contrast stretch (test double)"
    public var targets: Set<DegradationType> = Set(DegradationType.allCases)

    public init(name: String, summary: String = "contrast stretch (test double)", targets: Set<DegradationType> = Set(DegradationType.allCases)) {
        self.name = name
        self.summary = summary
        self.targets = targets
    }

    public func restore(_ image: RGBImage, context: RestoreContext) throws -> RGBImage {
        if context.progress?(0.5) == false { throw RestoreError.cancelled }
        return image.mapped { min(1, max(0, ($0 - 0.5) * 1.2 + 0.5)) }
    }
}
