/// The weight-free restorers, by name and by the degradation they target.
public enum ClassicalRestorers {
    public static let all: [Restorer] = [
        DarkChannelPriorDehazer(),
        LIMEEnhancer(),
        RichardsonLucyDeblur(),
        WienerDeblur(),
        MedianDerainer(),
    ]

    /// The restorer called `name` (case-insensitive; "desnow" is another name for "derain").
    public static func named(_ name: String) throws -> Restorer {
        let key = name.lowercased() == "desnow" ? "derain" : name.lowercased()
        if let found = all.first(where: { $0.name == key }) { return found }
        throw RestoreError.unknownRestorer(name, available: all.map(\.name))
    }

    /// The restorers meant for `type`, best first.
    public static func forDegradation(_ type: DegradationType) -> [Restorer] {
        all.filter { $0.targets.contains(type) }
    }
}
