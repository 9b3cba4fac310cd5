import Foundation

/// The text prompts GenDeg was trained with (edit_dataset.py): a BLIP-2 caption of the clean
/// image, a comma, and the degradation phrase, e.g. "a photo of a street, in hazy conditions".
public enum GenDegPrompt {
    /// `caption` with the phrase for `type`. With `mixedWithHaze`, rain and snow read
    /// "in rainy and hazy conditions" / "in snowy and hazy conditions", the wording GenDeg uses
    /// when the intensity comes from a dataset with haze mixed in (ORD for rain, CSD for snow).
    public static func text(caption: String = "a photo", type: DegradationType, mixedWithHaze: Bool = false) -> String {
        var phrase = type.promptSuffix
        if mixedWithHaze {
            switch type {
            case .rain: phrase = "in rainy and hazy conditions"
            case .snow: phrase = "in snowy and hazy conditions"
            default: break
            }
        }
        let trimmed = caption.trimmingCharacters(in: .whitespacesAndNewlines.union(CharacterSet(charactersIn: ",")))
        return trimmed.isEmpty ? phrase : "\(trimmed), \(phrase)"
    }
}
