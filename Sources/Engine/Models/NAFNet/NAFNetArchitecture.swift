/// NAFNet as a restorer architecture: detected by its intro/ending convs and block names, sizes
/// read as spandrel does. A 6-channel NAFNet is GenDeg's structure corrector, not a restorer.
extension NAFNetConfig: RestorerArchitecture {
    static let family = ModelFamily.nafnet
    static let displayName = "NAFNet"

    static func detect(_ shapes: [String: [Int]], source: String) throws -> NAFNetConfig? {
        let required = ["intro.weight", "ending.weight", "ups.0.0.weight", "downs.0.weight", "middle_blks.0.beta",
                        "middle_blks.0.gamma", "middle_blks.0.conv1.weight", "middle_blks.0.sca.1.weight",
                        "encoders.0.0.beta", "decoders.0.0.beta"]
        guard required.allSatisfy({ shapes[$0] != nil }) else { return nil }
        let names = Array(shapes.keys)
        func dimension(_ name: String, _ index: Int) throws -> Int {
            guard let shape = shapes[name], shape.count > index else { throw ModelLoadError.missingTensor(name, checkpoint: source) }
            return shape[index]
        }
        func length(_ prefix: String) -> Int { WeightLoader.sequenceLength(prefix, in: names) }
        return NAFNetConfig(
            inChannels: try dimension("intro.weight", 1), outChannels: try dimension("ending.weight", 0),
            width: try dimension("intro.weight", 0),
            encoderBlocks: (0..<length("encoders")).map { length("encoders.\($0)") }, middleBlocks: length("middle_blks"),
            decoderBlocks: (0..<length("decoders")).map { length("decoders.\($0)") })
    }

    var name: String { "nafnet" }
    var familyName: String { Self.displayName }
    var defaultTargets: Set<DegradationType> { [.motionBlur] }

    func accepts(alias spelled: String) -> Bool {
        spelled == "nafnet" || spelled == "nafnet-local" || spelled == "nafnetlocal"
    }

    var summary: String {
        let tlc = tlcTrainSize.map { ", TLC \($0)" } ?? ""
        return "NAFNet width \(width), blocks \(encoderBlocks)/\(middleBlocks)/\(decoderBlocks)\(tlc)"
    }

    var configurationLines: [String] {
        var lines = ["nafnet: in \(inChannels), out \(outChannels), width \(width), encoder blocks \(encoderBlocks), "
            + "middle blocks \(middleBlocks), decoder blocks \(decoderBlocks), zero-padded to a multiple of \(padMultiple)"]
        if isStructureCorrector {
            lines.append("use: GenDeg's structure corrector (clean + generated image in, correction out), plain NAFNet without TLC")
        } else {
            let tlc = tlcTrainSize.map { "NAFNetLocal, train size \($0) (pooling window \($0 * 3 / 2))" } ?? "off (global pooling)"
            lines.append("tlc: \(tlc); change with tlc_train_size or --tlc-train-size N, 0 or --no-tlc = off")
        }
        return lines
    }

    /// GenDeg's `NAFNet_Combine`: clean + generated image in, a correction of the generated one out.
    var isStructureCorrector: Bool { inChannels == 6 && outChannels == 3 }

    func restorerProblem(source: String) -> String? {
        if isStructureCorrector {
            return "\(source): a 6-channel NAFNet is GenDeg's structure corrector (clean + generated image), not a restorer; "
                + "give it to `gendeg generate --structure-correction`"
        }
        if inChannels != 3 || outChannels != 3 {
            return "\(source): NAFNet with \(inChannels) image channels; gendeg restores RGB (3)"
        }
        return nil
    }

    /// 0 turns TLC off (plain NAFNet, global pooling).
    func applying(tlcTrainSize tlc: Int?, scaleFactor: Int?) -> NAFNetConfig {
        var config = self
        if let tlc { config.tlcTrainSize = tlc > 0 ? tlc : nil }
        return config
    }

    func network(_ weights: WeightLoader) throws -> LearnedNetwork { try NAFNet(weights, config: self) }
}

extension LearnedArchitecture {
    public static func nafnet(_ config: NAFNetConfig) -> LearnedArchitecture { LearnedArchitecture(config) }
    public var nafnet: NAFNetConfig? { configuration(as: NAFNetConfig.self) }
}
