import Foundation

/// GenDeg's optional structure correction (run_single.py `NAFNet_Combine`, the authors'
/// `nafnet_sd.ckpt`): a NAFNet that reads the clean image and the generated one, six channels
/// in [-1, 1], and adds its 3-channel output to the generated image, putting back geometry the
/// diffusion model bent (straight edges, text, fine structure) while keeping the degradation.
public struct StructureCorrector: Sendable {
    public let path: String
    public let config: NAFNetConfig
    let network: NAFNet

    /// Loads a structure-correction checkpoint (.ckpt with a `state_dict`, .pth or safetensors),
    /// strictly, as the reference's `load_state_dict(strict=True)`.
    public init(checkpoint path: String) throws {
        let weights = try WeightLoader.open(path)
        let detected = try? LearnedArchitecture.identify(names: weights.names, shapes: weights.allShapes, source: path)
        guard var config = detected?.nafnet else {
            throw ModelLoadError.unsupportedConfig(
                "\(path): not a NAFNet checkpoint, so not GenDeg's structure corrector (nafnet_sd.ckpt)")
        }
        guard config.inChannels == 6, config.outChannels == 3 else {
            throw ModelLoadError.unsupportedConfig(
                "\(path): a NAFNet with \(config.inChannels) input and \(config.outChannels) output channels; "
                    + "the structure corrector takes 6 (clean + generated image) and gives 3")
        }
        // run_single.py builds the plain NAFNet: channel attention pools over the whole image.
        config.tlcTrainSize = nil
        self.path = path
        self.config = config
        self.network = try NAFNet(weights, config: config)
    }

    /// The corrected image: clamp((NAFNet(cat(clean, generated)) + 1) / 2), with both inputs
    /// mapped from [0, 1] to [-1, 1] first; the two images must have the same size.
    public func correct(generated: RGBImage, clean: RGBImage) throws -> RGBImage {
        guard generated.width == clean.width, generated.height == clean.height else {
            throw ModelLoadError.unsupportedConfig(
                "structure correction needs images of one size, got \(clean.width)x\(clean.height) and \(generated.width)x\(generated.height)")
        }
        var input = PlanarMap(clean).concatenated(with: PlanarMap(generated))
        input.data.withUnsafeMutableBufferPointer { b in for i in b.indices { b[i] = 2 * b[i] - 1 } }
        var output = network.run(input)
        output.data.withUnsafeMutableBufferPointer { b in for i in b.indices { b[i] = min(max((b[i] + 1) / 2, 0), 1) } }
        return output.image()
    }
}

/// When the structure corrector runs.
public enum StructureCorrectionRule: String, CaseIterable, Sendable {
    /// The reference's `--auto_s`: haze, motion blur and raindrops, whose geometry the diffusion
    /// model disturbs most. (run_single.py tests for 'raindrops' while its type is called
    /// 'raindrop', so there it never fires for raindrops; here it does.)
    case auto
    /// The reference's `--s`: every type.
    case always

    public func applies(to type: DegradationType) -> Bool {
        switch self {
        case .always: return true
        case .auto: return type == .haze || type == .motionBlur || type == .raindrop
        }
    }
}

/// A structure corrector and the rule for using it.
public struct StructureCorrection: Sendable {
    public let corrector: StructureCorrector
    public let rule: StructureCorrectionRule

    public init(corrector: StructureCorrector, rule: StructureCorrectionRule = .auto) {
        self.corrector = corrector
        self.rule = rule
    }

    /// Loads the corrector at `checkpoint` (see `StructureCorrector.init(checkpoint:)`).
    public init(checkpoint: String, rule: StructureCorrectionRule = .auto) throws {
        self.init(corrector: try StructureCorrector(checkpoint: checkpoint), rule: rule)
    }

    public func applies(to type: DegradationType) -> Bool { rule.applies(to: type) }
}
