/// The independent kinds of background work a session runs; each has its own queue, so a
/// slow restorer never delays the next physical preview.
public enum SessionLane: String, CaseIterable, Sendable {
    case load
    case physical
    case metrics
    case restore
    case diffusion
    case export

    /// The lane whose work fills an output.
    static func of(_ output: SessionOutput) -> SessionLane {
        switch output {
        case .clean: return .load
        case .physical: return .physical
        case .diffusion: return .diffusion
        case .restored: return .restore
        }
    }
}
