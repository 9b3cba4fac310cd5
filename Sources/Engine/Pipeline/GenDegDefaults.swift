/// GenDeg's sampling defaults, in one place for `gendeg generate`, `gendeg synth` and the
/// explorer: the reference's run_single.py values, used when a model recommends nothing else.
public enum GenDegDefaults {
    /// Text classifier-free guidance (run_single.py `--cfg-text`).
    public static let textGuidance = 7.5
    /// Image classifier-free guidance (InstructPix2Pix's second scale, `--cfg-image`).
    public static let imageGuidance = 1.5
    public static let steps = 20
    public static let sampler = SamplerKind.eulerAncestral
    /// The square side a model works at when its folder does not say (the reference's 256).
    public static let resolution = 256
    public static let caption = "a photo"
}
