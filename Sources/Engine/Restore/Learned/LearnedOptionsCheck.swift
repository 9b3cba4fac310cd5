/// Learned-restorer settings checked against the network they are for, whether they came from
/// the command line or a registry entry: a TLC training size below what the network's levels
/// halve to pools over empty windows (a black image), and sizes past the bounds overflow.
extension LearnedOptions {
    func check(for architecture: LearnedArchitecture, name: String) throws {
        if let tlc = tlcTrainSize {
            try ParameterLimits.check(tlc, in: ParameterLimits.tlcTrainSize, "--tlc-train-size")
            if tlc > 0, let config = architecture.nafnet, tlc < config.padMultiple {
                let levels = config.encoderBlocks.count
                throw ParameterError("--tlc-train-size", "\(tlc) is below \(name)'s minimum of \(config.padMultiple): its \(levels) levels halve the image \(levels) times, and a window smaller than that averages nothing (0 turns TLC off)")
            }
        }
        if let scaleFactor { try ParameterLimits.check(scaleFactor, in: ParameterLimits.scaleFactor, "--scale-factor") }
        if let tile = tiling.tileSize { try ParameterLimits.check(tile, in: ParameterLimits.tileSize, "--tile-size") }
        if let overlap = tiling.overlap { try ParameterLimits.check(overlap, in: ParameterLimits.tileOverlap, "--tile-overlap") }
    }
}
