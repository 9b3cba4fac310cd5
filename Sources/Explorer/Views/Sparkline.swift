import GenDegEngine

/// Text renderings of the intensity section: the slider track, the real datasets' mu
/// histogram beneath it on the same axis, and the dataset names at their medians.
public enum IntensityGraphics {
    static let levels: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]

    /// The histogram resampled to `width` columns spanning mu in [0, muLimit]; empty columns are spaces.
    public static func sparkline(counts: [Int], binWidth: Double, muLimit: Double, width: Int) -> String {
        guard width > 0, !counts.isEmpty, muLimit > 0 else { return String(repeating: " ", count: max(0, width)) }
        var columns = [Double](repeating: 0, count: width)
        let columnWidth = muLimit / Double(width)
        for (bin, count) in counts.enumerated() where count > 0 {
            let low = Double(bin) * binWidth, high = low + binWidth
            guard low < muLimit else { break }
            let first = Int(low / columnWidth), last = min(width - 1, Int((min(high, muLimit) - 1e-12) / columnWidth))
            guard first <= last else { continue }
            for column in first...last {
                let overlap = min(high, Double(column + 1) * columnWidth) - max(low, Double(column) * columnWidth)
                columns[column] += Double(count) * max(0, overlap) / binWidth
            }
        }
        let peak = columns.max() ?? 0
        guard peak > 0 else { return String(repeating: " ", count: width) }
        return String(columns.map { value -> Character in
            guard value > 0 else { return " " }
            return levels[min(levels.count - 1, Int(value / peak * Double(levels.count - 1) + 0.999))]
        })
    }

    /// The column of mu on a track of `width` columns.
    public static func column(mu: Double, muLimit: Double, width: Int) -> Int {
        guard width > 1, muLimit > 0 else { return 0 }
        return min(width - 1, max(0, Int((mu / muLimit * Double(width - 1)).rounded())))
    }

    public static func slider(position: Double, width: Int) -> (track: String, knob: Int) {
        let knob = width > 1 ? min(width - 1, max(0, Int((position * Double(width - 1)).rounded()))) : 0
        let track = String(repeating: "━", count: knob) + "●" + String(repeating: "─", count: max(0, width - knob - 1))
        return (track, knob)
    }

    /// Labels "1 RESIDE .107" placed at their medians' columns on up to `lines` lines; a label
    /// that would overlap goes to the next line, or is dropped if no line has room.
    public static func datasetLabels(_ datasets: [DatasetIntensity], muLimit: Double, width: Int, lines: Int) -> [String] {
        var rows = [[Character]](repeating: [Character](repeating: " ", count: width), count: lines)
        var used = [Int](repeating: 0, count: lines)
        for (index, set) in datasets.enumerated() {
            let text = "▲\(index + 1) \(set.name) \(String(format: "%.3f", set.medianMu).dropFirst())"
            let start = min(column(mu: set.medianMu, muLimit: muLimit, width: width), max(0, width - text.count))
            guard let line = (0..<lines).first(where: { used[$0] <= start }) else { continue }
            for (offset, c) in text.enumerated() where start + offset < width { rows[line][start + offset] = c }
            used[line] = start + text.count + 1
        }
        return rows.map { String($0) }
    }

    /// "████░░░░" for step of total, `width` cells.
    public static func progressBar(step: Int, total: Int, width: Int) -> String {
        guard width > 0 else { return "" }
        let done = total > 0 ? min(width, width * step / total) : 0
        return String(repeating: "█", count: done) + String(repeating: "░", count: width - done)
    }

    public static func duration(_ seconds: Double) -> String {
        if seconds < 10 { return String(format: "%.1f s", seconds) }
        if seconds < 120 { return "\(Int(seconds.rounded())) s" }
        return "\(Int(seconds / 60)) min \(Int(seconds.truncatingRemainder(dividingBy: 60))) s"
    }
}
