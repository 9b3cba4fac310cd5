/// Draws the help overlay: the part of HelpText the model's scroll position shows, with the
/// scroll keys and position on the bottom border.
struct HelpOverlayPainter {
    let model: ExplorerViewModel
    let layout: ScreenLayout

    func paint(on surface: TextSurface) {
        let rect = OverlayFrame.help(rows: layout.rows, cols: layout.cols)
        let lines = HelpText.lines(width: OverlayFrame.textWidth(of: rect.cols))
        let page = OverlayFrame.listRows(of: rect)
        let first = min(model.helpScroll.offset, max(0, lines.count - page))
        let last = min(lines.count, first + page)
        let footer = lines.count > page ? "↑↓ PgUp PgDn scroll · \(first + 1)-\(last) of \(lines.count)" : "all \(lines.count) lines"
        OverlayFrame.draw(rect, title: "Keys · Esc or ? closes", footer: footer, on: surface)
        for (offset, index) in (first..<last).enumerated() {
            surface.put(lines[index], row: rect.row + 2 + offset, col: rect.col + 2, style: .overlay)
        }
    }
}
