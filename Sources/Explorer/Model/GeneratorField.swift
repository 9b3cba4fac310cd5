/// The editable generator settings, in the order the generator section lists them. The first,
/// `generator`, is the generator whose degraded image the restorers work on.
public enum GeneratorField: String, CaseIterable, Sendable {
    case generator, seed, steps, sampler, textGuidance, imageGuidance
}
