/// The help overlay's list: every key binding, keys in a column and the action beside them,
/// wrapped (never cut) to the overlay's width.
public enum HelpText {
    public static var keyColumnWidth: Int { (KeyBindings.all.map { $0.keys.count }.max() ?? 10) + 2 }

    public static func lines(width: Int) -> [String] {
        let keyWidth = min(keyColumnWidth, max(1, width / 2))
        let actionWidth = max(8, width - keyWidth)
        var lines: [String] = []
        for binding in KeyBindings.all {
            // Keys wider than their column (only on very narrow screens) get a line of their own.
            var keyText = binding.keys
            if keyText.count > keyWidth - 1 {
                lines.append(TextFit.clip(keyText, width))
                keyText = ""
            }
            for (index, part) in TextFit.wrap(binding.action, width: actionWidth).enumerated() {
                lines.append(TextFit.pad(index == 0 ? keyText : "", keyWidth) + part)
            }
        }
        return lines
    }
}
