import Foundation

/// The training noise schedule of a diffusion model, read from a diffusers
/// `scheduler/scheduler_config.json`. Sampling always uses k-diffusion's samplers over this
/// schedule's sigmas (evenly spaced timesteps, as `get_sigmas` and diffusers' "linspace"
/// spacing give), whichever diffusers scheduler class the folder names.
public struct DiffusionSchedule: Sendable, Equatable {
    public let betaSchedule: String
    public let betaStart: Double
    public let betaEnd: Double
    public let trainSteps: Int
    /// Only "epsilon" (the model predicts the noise) is supported.
    public let predictionType: String
    /// The scheduler class the folder names ("EulerAncestralDiscreteScheduler"), when read from one.
    public let schedulerClass: String?
    /// diffusers' `trained_betas`, when the config lists them instead of a formula.
    public let trainedBetas: [Double]?
    /// The config's `timestep_spacing` ("linspace", "leading", "trailing"); gendeg always
    /// spaces the timesteps evenly from the last to the first ("linspace").
    public var timestepSpacing: String?

    /// Stable Diffusion 1.x and GenDeg: scaled-linear betas 0.00085 to 0.012 over 1000 steps.
    public static let stableDiffusion = DiffusionSchedule(
        betaSchedule: "scaled_linear", betaStart: 0.00085, betaEnd: 0.012, trainSteps: 1000, predictionType: "epsilon",
        schedulerClass: nil, trainedBetas: nil)

    public static let supportedBetaSchedules = ["scaled_linear", "linear", "squaredcos_cap_v2"]

    /// The schedule in `path`; nil when the file does not exist.
    public static func read(at path: String) throws -> DiffusionSchedule? {
        guard let c = try DiffusersConfig.object(at: path) else { return nil }
        let prediction = c["prediction_type"] as? String ?? "epsilon"
        guard prediction == "epsilon" else {
            let reason = prediction == "v_prediction"
                ? "the model predicts v (v-prediction, as Stable Diffusion 2.x 768 models do); gendeg samples epsilon-prediction models only"
                : "prediction type '\(prediction)' is not supported; gendeg samples epsilon-prediction models only"
            throw GenDegModelError.badConfig(path, reason)
        }
        let betaSchedule = c["beta_schedule"] as? String ?? "linear"
        let trained = (c["trained_betas"] as? [Any]).map { $0.compactMap { ($0 as? NSNumber)?.doubleValue } }
        if trained == nil, !supportedBetaSchedules.contains(betaSchedule) {
            throw GenDegModelError.badConfig(path, "beta_schedule '\(betaSchedule)' is not supported (\(supportedBetaSchedules.joined(separator: ", ")))")
        }
        let steps = c["num_train_timesteps"] as? Int ?? 1000
        guard steps >= 2, trained.map({ $0.count == steps && $0.allSatisfy { $0 > 0 && $0 < 1 } }) ?? true else {
            throw GenDegModelError.badConfig(path, "num_train_timesteps \(steps) and trained_betas do not describe a schedule")
        }
        let start = (c["beta_start"] as? NSNumber)?.doubleValue ?? 0.0001
        let end = (c["beta_end"] as? NSNumber)?.doubleValue ?? 0.02
        guard start > 0, end > 0, start < 1, end < 1 else {
            throw GenDegModelError.badConfig(path, "beta_start \(start) / beta_end \(end) must lie in (0, 1)")
        }
        var schedule = DiffusionSchedule(betaSchedule: trained == nil ? betaSchedule : "trained_betas", betaStart: start, betaEnd: end,
                                         trainSteps: steps, predictionType: prediction, schedulerClass: c["_class_name"] as? String,
                                         trainedBetas: trained)
        schedule.timestepSpacing = c["timestep_spacing"] as? String
        return schedule
    }

    /// One line for reports: "scaled_linear betas 0.00085..0.012, 1000 steps, epsilon".
    public var summary: String {
        let betas = trainedBetas == nil ? "\(betaSchedule) betas \(betaStart)..\(betaEnd)" : "trained betas"
        return "\(betas), \(trainSteps) steps, \(predictionType) prediction"
    }

    /// The schedule as k-diffusion's CompVisDenoiser sees it.
    public var denoiser: CompVisDenoiser {
        if trainedBetas == nil, betaSchedule == "scaled_linear" {
            return CompVisDenoiser(alphasCumprod: CompVisDenoiser.scaledLinearAlphasCumprod(betaStart: betaStart, betaEnd: betaEnd, steps: trainSteps))
        }
        var product = 1.0
        return CompVisDenoiser(alphasCumprod: betas.map { beta in
            product *= 1 - beta
            return Float(product)
        })
    }

    /// diffusers' betas for the schedule (schedulers' `__init__`), in double precision.
    var betas: [Double] {
        if let trainedBetas { return trainedBetas }
        let n = trainSteps
        func linspace(_ a: Double, _ b: Double) -> [Double] { (0..<n).map { a + (b - a) * Double($0) / Double(n - 1) } }
        switch betaSchedule {
        case "linear":
            return linspace(betaStart, betaEnd)
        case "squaredcos_cap_v2":
            // betas_for_alpha_bar with the cosine alpha-bar of improved DDPM, capped at 0.999.
            func alphaBar(_ t: Double) -> Double { pow(cos((t + 0.008) / 1.008 * Double.pi / 2), 2) }
            return (0..<n).map { i in min(1 - alphaBar(Double(i + 1) / Double(n)) / alphaBar(Double(i) / Double(n)), 0.999) }
        default:
            return linspace(betaStart.squareRoot(), betaEnd.squareRoot()).map { $0 * $0 }
        }
    }
}
