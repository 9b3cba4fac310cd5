/// The help: every key binding (HelpText), scrolled with its own keys when the screen is small,
/// with the scroll keys and position on the bottom border.
final class HelpOverlay: OverlayComponent {
    enum Action: Sendable {
        case scroll(HelpScroll.Move)
        case close
    }

    static let bindings: [KeyBinding<Action>] = [
        KeyBinding("↑↓ j k  PgUp PgDn", "help: scroll this list; Space pages, Home / End jump", [
            (.up, .scroll(.lines(-1))), (.char("k"), .scroll(.lines(-1))), (.down, .scroll(.lines(1))), (.char("j"), .scroll(.lines(1))),
            (.pageUp, .scroll(.pages(-1))), (.pageDown, .scroll(.pages(1))), (.char(" "), .scroll(.pages(1))),
            (.home, .scroll(.top)), (.end, .scroll(.bottom)), (.escape, .close), (.char("?"), .close),
        ]),
    ]

    private(set) var scroll = HelpScroll()

    static func frame(rows: Int, cols: Int) -> CellRect {
        let width = min(cols - 4, 90)
        let height = min(rows - 2, HelpText.lines(width: OverlayFrame.textWidth(of: width)).count + OverlayFrame.chromeRows)
        return OverlayFrame.centered(rows: height, cols: width, screenRows: rows, screenCols: cols)
    }

    /// How many lines the help list has on a screen this wide.
    static func lineCount(rows: Int, cols: Int) -> Int {
        HelpText.lines(width: OverlayFrame.textWidth(of: frame(rows: rows, cols: cols).cols)).count
    }

    func handle(_ key: Key, model: ExplorerViewModel) -> Bool {
        guard let action = Self.bindings.lazy.compactMap({ $0.command(for: key) }).first else { return true }
        switch action {
        case .close: return false
        case .scroll(let move):
            let (rows, cols) = model.screenSize
            scroll.apply(move, lineCount: Self.lineCount(rows: rows, cols: cols),
                         pageRows: OverlayFrame.listRows(of: Self.frame(rows: rows, cols: cols)))
            return true
        }
    }

    func frame(rows: Int, cols: Int, model: ExplorerViewModel) -> CellRect { Self.frame(rows: rows, cols: cols) }

    func resized(rows: Int, cols: Int, model: ExplorerViewModel) {
        scroll.clamp(lineCount: Self.lineCount(rows: rows, cols: cols), pageRows: OverlayFrame.listRows(of: Self.frame(rows: rows, cols: cols)))
    }

    func paint(on surface: TextSurface, model: ExplorerViewModel, rows: Int, cols: Int) {
        let rect = Self.frame(rows: rows, cols: cols)
        let lines = HelpText.lines(width: OverlayFrame.textWidth(of: rect.cols))
        let page = OverlayFrame.listRows(of: rect)
        let first = min(scroll.offset, max(0, lines.count - page))
        let last = min(lines.count, first + page)
        let footer = lines.count > page ? "↑↓ PgUp PgDn scroll · \(first + 1)-\(last) of \(lines.count)" : "all \(lines.count) lines"
        OverlayFrame.draw(rect, title: "Keys · Esc or ? closes", footer: footer, on: surface)
        for (offset, index) in (first..<last).enumerated() {
            surface.put(lines[index], row: rect.row + 2 + offset, col: rect.col + 2, style: .overlay)
        }
    }
}
