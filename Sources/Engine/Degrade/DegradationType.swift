/// The six degradations GenDeg synthesizes.
public enum DegradationType: String, CaseIterable, Codable, Sendable {
    case haze
    case rain
    case snow
    case motionBlur = "motion-blur"
    case lowLight = "low-light"
    case raindrop

    /// The name users see.
    public var displayName: String {
        switch self {
        case .haze: return "haze"
        case .rain: return "rain"
        case .snow: return "snow"
        case .motionBlur: return "motion blur"
        case .lowLight: return "low-light"
        case .raindrop: return "raindrop"
        }
    }

    /// The key of this type in intensity-stats.json.
    public var statsKey: String {
        switch self {
        case .motionBlur: return "motion blur"
        default: return rawValue
        }
    }

    /// The phrase GenDeg appends to the caption (edit_dataset.py, `replace_text`):
    /// "<caption>, in hazy conditions".
    public var promptSuffix: String {
        switch self {
        case .haze: return "in hazy conditions"
        case .rain: return "in rainy conditions"
        case .snow: return "in snowy conditions"
        case .motionBlur: return "in blurry conditions"
        case .lowLight: return "in low-light conditions"
        case .raindrop: return "with raindrops in it"
        }
    }

    /// Parses the CLI spelling, also accepting underscores and spaces.
    public init?(cliName argument: String) {
        let normalized = argument.lowercased().replacingOccurrences(of: "_", with: "-").replacingOccurrences(of: " ", with: "-")
        switch normalized {
        case "haze", "hazy", "fog": self = .haze
        case "rain", "rainy": self = .rain
        case "snow", "snowy": self = .snow
        case "motion-blur", "blur", "motionblur": self = .motionBlur
        case "low-light", "lowlight", "dark": self = .lowLight
        case "raindrop", "raindrops": self = .raindrop
        default: return nil
        }
    }
}
