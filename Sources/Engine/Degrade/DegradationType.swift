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

    /// Parses a type's name in any case, with "-", "_", a space or nothing between the words of
    /// motion-blur and low-light, and "raindrops" for raindrop (the datasets' spelling). Synonyms
    /// such as "fog", "blur" or "dark" are refused: "blur" could as well mean defocus, "dark"
    /// noise, and a synonym accepted here would have to be documented everywhere a type is named.
    public init?(cliName argument: String) {
        let normalized = argument.lowercased().replacingOccurrences(of: "_", with: "-").replacingOccurrences(of: " ", with: "-")
        switch normalized {
        case "haze": self = .haze
        case "rain": self = .rain
        case "snow": self = .snow
        case "motion-blur", "motionblur": self = .motionBlur
        case "low-light", "lowlight": self = .lowLight
        case "raindrop", "raindrops": self = .raindrop
        default: return nil
        }
    }

    /// The sentence the command line's help gives about type names.
    public static let spellingNote = "Types: haze, rain, snow, motion-blur, low-light, raindrop, in any case; _, a space "
        + "or nothing may stand for the -, and raindrops for raindrop. Synonyms such as fog, blur or dark are refused."
}
