import GenDegEngine

/// The restorer picker: every available restorer with a checkbox (ticked when its pane is
/// shown), the degradations it targets and its summary; the cursor's line is highlighted.
final class RestorerPickerOverlay: OverlayComponent {
    enum Action: Sendable {
        case move(RestorerPickerCursor.Move)
        case toggle
        case close
    }

    static let bindings: [KeyBinding<Action>] = [
        KeyBinding("↑↓ j k  Space", "restorer picker: move; Space, Enter or x ticks / unticks; Esc or p closes", [
            (.up, .move(.by(-1))), (.char("k"), .move(.by(-1))), (.down, .move(.by(1))), (.char("j"), .move(.by(1))),
            (.home, .move(.first)), (.end, .move(.last)),
            (.char(" "), .toggle), (.enter, .toggle), (.char("x"), .toggle), (.escape, .close), (.char("p"), .close),
        ]),
    ]

    private(set) var cursor = RestorerPickerCursor()

    static func frame(rows: Int, cols: Int, restorerCount: Int) -> CellRect {
        let height = min(rows - 2, max(1, restorerCount) + OverlayFrame.chromeRows)
        return OverlayFrame.centered(rows: height, cols: min(cols - 4, 100), screenRows: rows, screenCols: cols)
    }

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

    func handle(_ key: Key, model: ExplorerViewModel) -> Bool {
        guard let action = Self.bindings.lazy.compactMap({ $0.command(for: key) }).first else { return true }
        let restorers = model.session.availableRestorers
        switch action {
        case .close: return false
        case .move(let move): cursor.apply(move, count: restorers.count)
        case .toggle:
            if restorers.indices.contains(cursor.index) { model.toggleRestorer(restorers[cursor.index].name) }
        }
        return true
    }

    func frame(rows: Int, cols: Int, model: ExplorerViewModel) -> CellRect {
        Self.frame(rows: rows, cols: cols, restorerCount: model.session.availableRestorers.count)
    }

    func paint(on surface: TextSurface, model: ExplorerViewModel, rows: Int, cols: Int) {
        let session = model.session
        let restorers = session.availableRestorers
        let rect = frame(rows: rows, cols: cols, model: model)
        let width = OverlayFrame.textWidth(of: rect.cols)
        let page = OverlayFrame.listRows(of: rect)
        OverlayFrame.draw(rect, title: "Restorers · Space ticks · Esc or p closes",
                          footer: "\(session.shownRestorers.count) of \(restorers.count) shown", on: surface)
        guard !restorers.isEmpty else {
            surface.put(TextFit.clip("no restorers available", width), row: rect.row + 2, col: rect.col + 2, style: .overlay)
            return
        }
        let first = max(0, min(cursor.index - page + 1, restorers.count - page))
        let nameWidth = min(24, restorers.map { $0.name.count }.max() ?? 8)
        let targetsWidth = min(26, max(7, restorers.map { Self.targetsText($0.targets).count }.max() ?? 7))
        let heading = "    " + TextFit.pad("restorer", nameWidth) + "  " + TextFit.pad("targets", targetsWidth) + "  what it does"
        surface.put(TextFit.clip(heading, width), row: rect.row + 1, col: rect.col + 2, style: .overlay)
        for (offset, index) in (first..<min(restorers.count, first + page)).enumerated() {
            let restorer = restorers[index]
            let text = Self.line(for: restorer, shown: session.shownRestorers.contains(restorer.name), nameWidth: nameWidth,
                                 targetsWidth: targetsWidth)
            surface.put(TextFit.pad(text, width), row: rect.row + 2 + offset, col: rect.col + 2,
                        style: index == cursor.index ? .selection : .overlay)
        }
    }
}
