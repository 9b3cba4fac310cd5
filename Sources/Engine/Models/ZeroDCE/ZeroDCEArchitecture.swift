/// The Zero-DCE family as a restorer architecture: three checkpoint layouts, one curve estimator.
extension ZeroDCEConfig: RestorerArchitecture {
    static let family = ModelFamily.zeroDCE
    static let displayName = "Zero-DCE"

    static func detect(_ shapes: [String: [Int]], source: String) throws -> ZeroDCEConfig? {
        func hasAll(_ names: [String]) -> Bool { names.allSatisfy { shapes[$0] != nil } }
        func curveIterations(_ layer: String) throws -> Int {
            guard let shape = shapes[layer], !shape.isEmpty else { throw ModelLoadError.missingTensor(layer, checkpoint: source) }
            guard shape[0] > 0, shape[0] % 3 == 0 else {
                throw ModelLoadError.unsupportedConfig("\(source): the curve layer has \(shape[0]) outputs, not 3 per iteration")
            }
            return shape[0] / 3
        }
        if hasAll((1...7).map { "dce_net.conv\($0).weight" }) {
            return ZeroDCEConfig(variant: .neuroLowLight, iterations: try curveIterations("dce_net.conv7.weight"))
        }
        if hasAll((1...7).flatMap { ["e_conv\($0).depth_conv.weight", "e_conv\($0).point_conv.weight"] }) {
            return ZeroDCEConfig(variant: .zeroDCEPlusPlus)
        }
        if hasAll((1...7).map { "e_conv\($0).weight" }) {
            return ZeroDCEConfig(variant: .zeroDCE, iterations: try curveIterations("e_conv7.weight"))
        }
        return nil
    }

    var name: String { variant.rawValue }

    var familyName: String {
        switch variant {
        case .zeroDCE: return "Zero-DCE"
        case .zeroDCEPlusPlus: return "Zero-DCE++"
        case .neuroLowLight: return "Zero-DCE++ (neuro-low-light)"
        }
    }

    var defaultTargets: Set<DegradationType> { [.lowLight] }

    func accepts(alias spelled: String) -> Bool {
        spelled == variant.rawValue || spelled == "zero-dce" || spelled == "zerodce"
            || (variant != .zeroDCE && (spelled == "zero-dce++" || spelled == "zerodce++"))
    }

    var summary: String {
        switch variant {
        case .zeroDCE: return "Zero-DCE low-light curves, \(iterations) iterations"
        case .zeroDCEPlusPlus: return "Zero-DCE++ low-light curves at 1/\(scaleFactor) resolution"
        case .neuroLowLight: return "Zero-DCE++ (neuro-low-light) low-light curves, \(iterations) iterations"
        }
    }

    var configurationLines: [String] {
        switch variant {
        case .zeroDCE:
            return ["zero-dce: variant zero-dce (Li-Chongyi/Zero-DCE, seven 3x3 convs), \(iterations) curve iterations, full resolution"]
        case .zeroDCEPlusPlus:
            return ["zero-dce: variant zero-dce++ (Li-Chongyi/Zero-DCE_extension, depthwise-separable convs), "
                + "\(iterations) iterations of one curve map, estimated at 1/\(scaleFactor) resolution (scale_factor)"]
        case .neuroLowLight:
            return ["zero-dce: variant neuro-low-light (Zero-DCE++ of the neuro-low-light wheel, seven 3x3 convs), "
                + "\(iterations) curve iterations, clamped to [0, 1] after each, full resolution"]
        }
    }

    func applying(tlcTrainSize: Int?, scaleFactor scale: Int?) -> ZeroDCEConfig {
        var config = self
        if let scale { config.scaleFactor = max(1, scale) }
        return config
    }

    func network(_ weights: WeightLoader) throws -> LearnedNetwork { try ZeroDCE(weights, config: self) }
}

extension LearnedArchitecture {
    public static func zeroDCE(_ config: ZeroDCEConfig) -> LearnedArchitecture { LearnedArchitecture(config) }
    public var zeroDCE: ZeroDCEConfig? { configuration(as: ZeroDCEConfig.self) }
}
