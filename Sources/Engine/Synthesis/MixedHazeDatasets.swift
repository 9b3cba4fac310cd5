/// GenDS's rain and snow sets whose scenes are also hazy: the reference prompts their draws as
/// "rainy and hazy" (Outdoor-Rain, ORD) and "snowy and hazy" (CSD) instead of rain or snow alone.
public enum MixedHazeDatasets {
    public static let names: Set<String> = ["ORD", "CSD"]

    public static func applies(type: DegradationType, dataset: String?) -> Bool {
        guard let dataset, type == .rain || type == .snow else { return false }
        return names.contains(dataset)
    }
}
