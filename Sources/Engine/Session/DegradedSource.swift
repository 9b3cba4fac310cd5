/// Which degraded image the restorers work on.
public enum DegradedSource: String, Codable, CaseIterable, Sendable {
    case physical
    case diffusion
}
