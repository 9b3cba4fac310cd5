/// Fitting text into a number of cells: clipping with an ellipsis, padding, word wrapping.
enum TextFit {
    static func clip(_ text: String, _ width: Int) -> String {
        guard width > 0 else { return "" }
        return text.count <= width ? text : String(text.prefix(max(0, width - 1))) + "…"
    }

    static func pad(_ text: String, _ width: Int) -> String {
        let clipped = clip(text, width)
        return clipped + String(repeating: " ", count: max(0, width - clipped.count))
    }

    /// Words on lines of at most `width` cells; a word longer than a line is clipped.
    static func wrap(_ text: String, width: Int) -> [String] {
        var lines: [String] = [], current = ""
        for word in text.split(separator: " ") {
            if current.isEmpty { current = String(word) } else if current.count + 1 + word.count <= width { current += " " + word } else {
                lines.append(current)
                current = String(word)
            }
        }
        if !current.isEmpty { lines.append(current) }
        return lines.map { clip($0, width) }
    }
}
