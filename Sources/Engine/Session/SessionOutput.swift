/// The images a session makes for one sample: the clean image, the two degraded ones and one
/// per shown restorer. How they are arranged on a screen is the front end's business.
public enum SessionOutput: Hashable, Sendable {
    case clean
    case physical
    case diffusion
    case restored(String)

    public var isDegraded: Bool { self == .physical || self == .diffusion }
}
