/// Work the reducer asks for after applying an event; the session starts it.
enum SessionEffect {
    /// A new clean image: the diffusion output goes stale and the physical one is redone.
    case degradationChanged
    case startRestorers
    case measure(SessionOutput, image: RGBImage, version: Int)
}
