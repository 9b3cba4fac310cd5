import GenDegEngine

/// Draws the restorer picker: every available restorer with a checkbox (ticked when its pane
/// is shown), the degradations it targets and its summary; the cursor's line is highlighted.
struct RestorerPickerPainter {
    let model: ExplorerViewModel
    let layout: ScreenLayout

    /// "[x] dcp  haze  Dark channel prior…": a restorer's line, in columns this wide.
    static func line(for restorer: Restorer, shown: Bool, nameWidth: Int, targetsWidth: Int) -> String {
        "[\(shown ? "x" : " ")] " + TextFit.pad(restorer.name, nameWidth) + "  "
            + TextFit.pad(targetsText(restorer.targets), targetsWidth) + "  " + restorer.summary
    }

    /// "all types", or the target types in the order the degradation list shows them.
    static func targetsText(_ targets: Set<DegradationType>) -> String {
        if targets.count == DegradationType.allCases.count { return "all types" }
        return DegradationType.allCases.filter(targets.contains).map(\.rawValue).joined(separator: ", ")
    }

    func paint(on surface: TextSurface) {
        let session = model.session
        let restorers = session.availableRestorers
        let rect = OverlayFrame.restorerPicker(rows: layout.rows, cols: layout.cols, restorerCount: restorers.count)
        let width = OverlayFrame.textWidth(of: rect.cols)
        let page = OverlayFrame.listRows(of: rect)
        OverlayFrame.draw(rect, title: "Restorers · Space ticks · Esc or p closes",
                          footer: "\(session.shownRestorers.count) of \(restorers.count) shown", on: surface)
        guard !restorers.isEmpty else {
            surface.put(TextFit.clip("no restorers available", width), row: rect.row + 2, col: rect.col + 2, style: .overlay)
            return
        }
        let cursor = model.restorerCursor.index
        let first = max(0, min(cursor - page + 1, restorers.count - page))
        let nameWidth = min(24, restorers.map { $0.name.count }.max() ?? 8)
        let targetsWidth = min(26, max(7, restorers.map { Self.targetsText($0.targets).count }.max() ?? 7))
        let heading = "    " + TextFit.pad("restorer", nameWidth) + "  " + TextFit.pad("targets", targetsWidth) + "  what it does"
        surface.put(TextFit.clip(heading, width), row: rect.row + 1, col: rect.col + 2, style: .overlay)
        for (offset, index) in (first..<min(restorers.count, first + page)).enumerated() {
            let restorer = restorers[index]
            let text = Self.line(for: restorer, shown: session.shownRestorers.contains(restorer.name), nameWidth: nameWidth,
                                 targetsWidth: targetsWidth)
            surface.put(TextFit.pad(text, width), row: rect.row + 2 + offset, col: rect.col + 2,
                        style: index == cursor ? .selection : .overlay)
        }
    }
}
