import Foundation

/// The sensor of a low-light exposure, in linear light: a signal s (0...1 in the clean image)
/// is scaled by the channel's gain, `photonsPerUnit * gain * s` photons arrive on average and
/// the number counted is Poisson-distributed (shot noise), the count is scaled back to signal
/// units, and Gaussian read noise is added:
///
///     readout = Poisson(K g s) / K + r N(0, 1),  K = photonsPerUnit, r = readNoise
///
/// so the readout's mean is g s and its variance g s / K + r^2: linear in the signal, with a
/// floor. Not clamped; the caller clamps before gamma.
struct LowLightSensor: Sendable {
    /// Exposure times the per-channel gain error, per channel.
    let gains: SIMD3<Float>
    /// Photons counted for a linear signal of 1 after the gain.
    let photonsPerUnit: Double
    /// Read-noise standard deviation, in linear signal units.
    let readNoise: Float

    /// Replaces the linear signals of one row of `channel` by their noisy readouts.
    func expose(_ row: UnsafeMutableBufferPointer<Float>, channel: Int, random: inout SeededRandom) {
        let gain = Double(gains[channel])
        let photons = photonsPerUnit, perPhoton = 1 / photonsPerUnit
        var x = 0
        while x < row.count {
            // Box-Muller gives normals in pairs.
            let (first, second) = random.normalPair()
            row[x] = readout(Double(row[x]) * gain, photons: photons, perPhoton: perPhoton, normal: first, random: &random)
            if x + 1 < row.count {
                row[x + 1] = readout(Double(row[x + 1]) * gain, photons: photons, perPhoton: perPhoton,
                                     normal: second, random: &random)
            }
            x += 2
        }
    }

    @inline(__always) private func readout(_ signal: Double, photons: Double, perPhoton: Double, normal: Float,
                                           random: inout SeededRandom) -> Float {
        let count = random.poisson(signal * photons)
        return Float(Double(count) * perPhoton) + readNoise * normal
    }
}
