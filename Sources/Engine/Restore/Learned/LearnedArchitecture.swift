/// The learned restoration architectures gendeg runs, with the configuration a checkpoint implies.
public enum LearnedArchitecture: Equatable, Sendable {
    case nafnet(NAFNetConfig)
    case restormer(RestormerConfig)
    case promptIR(PromptIRConfig)
    case zeroDCE(ZeroDCEConfig)

    /// The registry spelling: "nafnet", "restormer", "promptir", "zero-dce", "zero-dce++", "neuro-low-light".
    public var name: String {
        switch self {
        case .nafnet: return "nafnet"
        case .restormer: return "restormer"
        case .promptIR: return "promptir"
        case .zeroDCE(let config): return config.variant.rawValue
        }
    }

    /// What each architecture's official checkpoints restore, used when nothing else is said.
    public var defaultTargets: Set<DegradationType> {
        switch self {
        case .nafnet: return [.motionBlur]
        case .restormer: return [.rain, .motionBlur]
        case .promptIR: return [.haze, .rain]
        case .zeroDCE: return [.lowLight]
        }
    }

    /// Whether a registry's `architecture = "..."` names this architecture.
    public func matches(declared: String) -> Bool {
        let spelled = declared.lowercased().replacingOccurrences(of: "_", with: "-")
        switch self {
        case .nafnet: return spelled == "nafnet" || spelled == "nafnet-local" || spelled == "nafnetlocal"
        case .restormer: return spelled == "restormer"
        case .promptIR: return spelled == "promptir"
        case .zeroDCE(let c):
            return spelled == c.variant.rawValue || spelled == "zero-dce" || spelled == "zerodce"
                || (c.variant != .zeroDCE && (spelled == "zero-dce++" || spelled == "zerodce++"))
        }
    }

    /// Detects the architecture and its configuration from tensor names and shapes, as spandrel
    /// does (a set of tensor names that must all be present, then sizes read off the shapes), and
    /// requires a network that restores RGB images. `module.` / `net.` prefixes are ignored.
    public static func detect(names: [String], shapes: [String: [Int]]) throws -> LearnedArchitecture {
        try detect(names: names, shapes: shapes, source: "checkpoint")
    }

    static func detect(names: [String], shapes: [String: [Int]], source: String) throws -> LearnedArchitecture {
        let architecture = try identify(names: names, shapes: shapes, source: source)
        if let problem = architecture.restorerProblem(source: source) { throw LearnedRestorerError.unsupportedConfig(problem) }
        return architecture
    }

    /// The one detector behind `detect`, `gendeg inspect` and the structure corrector: the
    /// architecture and configuration, whatever its channel counts (a 6-channel NAFNet is GenDeg's
    /// structure corrector). Throws for checkpoints that are none of these architectures.
    public static func identify(names: [String], shapes: [String: [Int]]) throws -> LearnedArchitecture {
        try identify(names: names, shapes: shapes, source: "checkpoint")
    }

    /// Why this network cannot restore an RGB image, or nil when it can.
    public func restorerProblem(source: String) -> String? {
        switch self {
        case .nafnet(let c) where c.inChannels == 6 && c.outChannels == 3:
            return "\(source): a 6-channel NAFNet is GenDeg's structure corrector (clean + generated image), not a restorer; "
                + "give it to `gendeg generate --structure-correction`"
        case .nafnet(let c) where c.inChannels != 3 || c.outChannels != 3:
            return "\(source): NAFNet with \(c.inChannels) image channels; gendeg restores RGB (3)"
        case .restormer(let c) where c.inChannels != 3 || c.outChannels != 3:
            return "\(source): Restormer with \(c.inChannels) input / \(c.outChannels) output channels; gendeg restores RGB (3)"
        default:
            return nil
        }
    }

    static func identify(names rawNames: [String], shapes rawShapes: [String: [Int]], source: String) throws -> LearnedArchitecture {
        var shapes: [String: [Int]] = [:]
        for (original, stripped) in LearnedWeights.stripPrefixes(rawNames) { shapes[stripped] = rawShapes[original] }
        let names = Array(shapes.keys)
        func hasAll(_ keys: [String]) -> Bool { keys.allSatisfy { shapes[$0] != nil } }
        func dimension(_ name: String, _ index: Int) throws -> Int {
            guard let shape = shapes[name], shape.count > index else {
                throw LearnedRestorerError.missingTensor(name, checkpoint: source)
            }
            return shape[index]
        }
        func length(_ prefix: String) -> Int { LearnedWeights.sequenceLength(prefix, in: names) }

        if hasAll(["intro.weight", "ending.weight", "ups.0.0.weight", "downs.0.weight", "middle_blks.0.beta",
                   "middle_blks.0.gamma", "middle_blks.0.conv1.weight", "middle_blks.0.sca.1.weight",
                   "encoders.0.0.beta", "decoders.0.0.beta"]) {
            return .nafnet(NAFNetConfig(
                inChannels: try dimension("intro.weight", 1), outChannels: try dimension("ending.weight", 0),
                width: try dimension("intro.weight", 0),
                encoderBlocks: (0..<length("encoders")).map { length("encoders.\($0)") }, middleBlocks: length("middle_blks"),
                decoderBlocks: (0..<length("decoders")).map { length("decoders.\($0)") }))
        }

        if let promptIR = try PromptIRConfig.detect(shapes, source: source) { return .promptIR(promptIR) }

        if let restormer = try RestormerConfig.detect(shapes, source: source) {
            if shapes["skip_conv.weight"] != nil {
                throw LearnedRestorerError.unsupportedConfig("\(source): a dual-pixel Restormer (6-channel input) cannot restore a single RGB image")
            }
            return .restormer(restormer)
        }

        if hasAll((1...7).map { "dce_net.conv\($0).weight" }) {
            return .zeroDCE(ZeroDCEConfig(variant: .neuroLowLight, iterations: try curveIterations(dimension("dce_net.conv7.weight", 0), source)))
        }
        if hasAll((1...7).flatMap { ["e_conv\($0).depth_conv.weight", "e_conv\($0).point_conv.weight"] }) {
            return .zeroDCE(ZeroDCEConfig(variant: .zeroDCEPlusPlus))
        }
        if hasAll((1...7).map { "e_conv\($0).weight" }) {
            return .zeroDCE(ZeroDCEConfig(variant: .zeroDCE, iterations: try curveIterations(dimension("e_conv7.weight", 0), source)))
        }
        throw LearnedRestorerError.unknownArchitecture(checkpoint: source, sample: Array(rawNames.sorted().prefix(4)))
    }

    private static func curveIterations(_ channels: Int, _ source: String) throws -> Int {
        guard channels > 0, channels % 3 == 0 else {
            throw LearnedRestorerError.unsupportedConfig("\(source): the curve layer has \(channels) outputs, not 3 per iteration")
        }
        return channels / 3
    }

    /// Builds the network from the weights (strict: every tensor used, every shape checked).
    func network(_ weights: LearnedWeights) throws -> LearnedNetwork {
        switch self {
        case .nafnet(let config): return try NAFNet(weights, config: config)
        case .restormer(let config): return try Restormer(weights, config: config)
        case .promptIR(let config): return try PromptIR(weights, config: config)
        case .zeroDCE(let config): return try ZeroDCE(weights, config: config)
        }
    }
}
