import Foundation

/// A model that returns its estimate of the clean latent x0 for a noisy latent `x` at noise
/// level `sigma` (k-diffusion's denoiser convention).
public typealias Denoiser = (_ x: Tensor, _ sigma: Float) throws -> Tensor

/// k-diffusion's CompVisDenoiser: the discrete DDPM schedule of a CompVis latent diffusion model
/// seen as continuous noise levels sigma = sqrt((1 - alphā) / alphā), with the conversions
/// between sigma and the (fractional) timestep the UNet is conditioned on. Arithmetic is float32
/// in torch's order, so the schedule matches k-diffusion's to the last bit or two.
public struct CompVisDenoiser: Sendable {
    /// Stable Diffusion 1.x (and GenDeg): scaled-linear betas from 0.00085 to 0.012, 1000 steps.
    public static let sd = CompVisDenoiser(alphasCumprod: scaledLinearAlphasCumprod(betaStart: 0.00085, betaEnd: 0.012, steps: 1000))

    /// sigma for t = 0 ..< count, increasing.
    public let sigmas: [Float]
    public let logSigmas: [Float]

    public init(alphasCumprod: [Float]) {
        precondition(alphasCumprod.count >= 2, "a schedule needs at least two timesteps")
        sigmas = alphasCumprod.map { ((1 - $0) / $0).squareRoot() }
        logSigmas = sigmas.map { Foundation.log($0) }
    }

    /// LDM's "linear" schedule: betas = linspace(sqrt(start), sqrt(end), steps)^2 and their
    /// cumulative product of (1 - beta), computed in double and stored as float32.
    public static func scaledLinearAlphasCumprod(betaStart: Double, betaEnd: Double, steps: Int) -> [Float] {
        let first = betaStart.squareRoot(), last = betaEnd.squareRoot()
        var product = 1.0
        return (0..<steps).map { i in
            let root = steps == 1 ? first : first + (last - first) * Double(i) / Double(steps - 1)
            product *= 1 - root * root
            return Float(product)
        }
    }

    public var sigmaMin: Float { sigmas[0] }
    public var sigmaMax: Float { sigmas[sigmas.count - 1] }

    /// `n` noise levels from sigmaMax down to sigmaMin at evenly spaced timesteps, then 0:
    /// n + 1 values. k-diffusion's `get_sigmas(n)`.
    public func getSigmas(_ n: Int) -> [Float] {
        guard n > 0 else { return [0] }
        return Self.linspace(Float(sigmas.count - 1), 0, n).map(tToSigma) + [0]
    }

    /// The fractional timestep of a noise level, interpolating linearly in log sigma.
    public func sigmaToT(_ sigma: Float) -> Float {
        let logSigma = Foundation.log(sigma)
        let atOrBelow = logSigmas.reduce(0) { $0 + ($1 <= logSigma ? 1 : 0) }
        let low = min(max(atOrBelow - 1, 0), logSigmas.count - 2)
        let high = low + 1
        let lowLog = logSigmas[low], highLog = logSigmas[high]
        let w = min(max((lowLog - logSigma) / (lowLog - highLog), 0), 1)
        return (1 - w) * Float(low) + w * Float(high)
    }

    /// The noise level of a fractional timestep, interpolating linearly in log sigma.
    public func tToSigma(_ t: Float) -> Float {
        let clamped = min(max(t, 0), Float(sigmas.count - 1))
        let low = Int(clamped.rounded(.down)), high = Int(clamped.rounded(.up))
        let w = clamped - clamped.rounded(.down)
        return Foundation.exp((1 - w) * logSigmas[low] + w * logSigmas[high])
    }

    /// Wraps an epsilon-predicting model `eps(x * c_in, t)` into a `Denoiser`:
    /// c_in = 1 / sqrt(sigma^2 + 1), t = sigmaToT(sigma), x0 = x - sigma * eps.
    public func wrap(eps: @escaping (_ scaledX: Tensor, _ t: Float) throws -> Tensor) -> Denoiser {
        return { x, sigma in
            let cIn = 1 / (sigma * sigma + 1).squareRoot()
            var scaled = x
            scaled.data.withUnsafeMutableBufferPointer { buffer in
                for i in buffer.indices { buffer[i] *= cIn }
            }
            let predicted = try eps(scaled, self.sigmaToT(sigma))
            guard predicted.shape == x.shape else {
                throw SamplerError.shapeMismatch(expected: x.shape, got: predicted.shape)
            }
            var denoised = x
            denoised.data.withUnsafeMutableBufferPointer { out in
                predicted.data.withUnsafeBufferPointer { e in
                    for i in out.indices { out[i] += e[i] * -sigma }
                }
            }
            return denoised
        }
    }

    /// torch.linspace for float32 on the CPU: the first half counts up from `start`, the second
    /// half counts down from `end`, so both ends are exact.
    static func linspace(_ start: Float, _ end: Float, _ count: Int) -> [Float] {
        guard count > 1 else { return count == 1 ? [start] : [] }
        let step = (end - start) / Float(count - 1)
        let halfway = count / 2
        return (0..<count).map { i in i < halfway ? start + step * Float(i) : end - step * Float(count - i - 1) }
    }
}
