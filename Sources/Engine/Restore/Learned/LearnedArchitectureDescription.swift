/// How a detected architecture is described to the user: one line for `gendeg restorers`, and
/// the full configuration for `gendeg inspect`.
extension LearnedArchitecture {
    /// The display name of the architecture family ("NAFNet", "Restormer", "Zero-DCE++").
    public var familyName: String {
        switch self {
        case .nafnet: return "NAFNet"
        case .restormer: return "Restormer"
        case .promptIR: return "PromptIR"
        case .zeroDCE(let c):
            switch c.variant {
            case .zeroDCE: return "Zero-DCE"
            case .zeroDCEPlusPlus: return "Zero-DCE++"
            case .neuroLowLight: return "Zero-DCE++ (neuro-low-light)"
            }
        }
    }

    /// A one-line description with the detected configuration.
    public var summary: String {
        switch self {
        case .nafnet(let c):
            let tlc = c.tlcTrainSize.map { ", TLC \($0)" } ?? ""
            return "NAFNet width \(c.width), blocks \(c.encoderBlocks)/\(c.middleBlocks)/\(c.decoderBlocks)\(tlc)"
        case .restormer(let c):
            return "Restormer dim \(c.dim), blocks \(c.blocks)+\(c.refinementBlocks), heads \(c.heads), \(c.layerNorm.rawValue) norm"
        case .promptIR(let c):
            let b = c.backbone
            return "PromptIR dim \(b.dim), blocks \(b.blocks)+\(b.refinementBlocks), heads \(b.heads), "
                + "prompts \(c.prompts.map { "\($0.length)x\($0.channels)@\($0.size)" })"
        case .zeroDCE(let c):
            switch c.variant {
            case .zeroDCE: return "Zero-DCE low-light curves, \(c.iterations) iterations"
            case .zeroDCEPlusPlus: return "Zero-DCE++ low-light curves at 1/\(c.scaleFactor) resolution"
            case .neuroLowLight: return "Zero-DCE++ (neuro-low-light) low-light curves, \(c.iterations) iterations"
            }
        }
    }

    /// The configuration, one "key: values" line per aspect, as `gendeg inspect` prints it.
    public var configurationLines: [String] {
        switch self {
        case .nafnet(let c):
            var lines = ["nafnet: in \(c.inChannels), out \(c.outChannels), width \(c.width), encoder blocks \(c.encoderBlocks), "
                + "middle blocks \(c.middleBlocks), decoder blocks \(c.decoderBlocks), zero-padded to a multiple of \(c.padMultiple)"]
            if c.inChannels == 6 && c.outChannels == 3 {
                lines.append("use: GenDeg's structure corrector (clean + generated image in, correction out), plain NAFNet without TLC")
            } else {
                let tlc = c.tlcTrainSize.map { "NAFNetLocal, train size \($0) (pooling window \($0 * 3 / 2))" } ?? "off (global pooling)"
                lines.append("tlc: \(tlc); change with tlc_train_size or --tlc-train-size N, 0 or --no-tlc = off")
            }
            return lines
        case .restormer(let c):
            return ["restormer: in \(c.inChannels), out \(c.outChannels), dim \(c.dim), blocks \(c.blocks), "
                        + "refinement blocks \(c.refinementBlocks), heads \(c.heads), ffn expansion \(c.ffnExpansionFactor) "
                        + "(hidden \(c.hiddenWidth(channels: c.dim)) at level 1)",
                    "layer norm: \(c.layerNorm.rawValue); conv bias: \(c.bias ? "yes" : "no"); "
                        + "reflect-padded to a multiple of \(RestormerConfig.padMultiple)"]
        case .promptIR(let c):
            let b = c.backbone
            return ["promptir: Restormer backbone dim \(b.dim), blocks \(b.blocks), refinement blocks \(b.refinementBlocks), "
                        + "heads \(b.heads), layer norm \(b.layerNorm.rawValue), conv bias \(b.bias ? "yes" : "no")",
                    "prompts (length x channels @ size): \(c.prompts.map { "\($0.length)x\($0.channels)@\($0.size)" }), "
                        + "noise-level heads \(c.noiseHeads)"]
        case .zeroDCE(let c):
            switch c.variant {
            case .zeroDCE:
                return ["zero-dce: variant zero-dce (Li-Chongyi/Zero-DCE, seven 3x3 convs), \(c.iterations) curve iterations, full resolution"]
            case .zeroDCEPlusPlus:
                return ["zero-dce: variant zero-dce++ (Li-Chongyi/Zero-DCE_extension, depthwise-separable convs), "
                    + "\(c.iterations) iterations of one curve map, estimated at 1/\(c.scaleFactor) resolution (scale_factor)"]
            case .neuroLowLight:
                return ["zero-dce: variant neuro-low-light (Zero-DCE++ of the neuro-low-light wheel, seven 3x3 convs), "
                    + "\(c.iterations) curve iterations, clamped to [0, 1] after each, full resolution"]
            }
        }
    }
}
