/// The explorer's sections, in Tab order.
public enum Focus: String, CaseIterable, Sendable {
    case images, degradation, intensity, generator, panes
}
