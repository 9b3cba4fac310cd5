/// The overlays' shared frame: a bordered box centred on the screen with a title and a footer.
public enum OverlayFrame {
    /// Rows of a frame that hold no list line: the top border, a blank line, the bottom border.
    public static let chromeRows = 3

    /// The list lines a frame of this height shows.
    public static func listRows(of rect: CellRect) -> Int { max(1, rect.rows - chromeRows) }

    /// The width of the text inside a frame `cols` wide (border and one space each side).
    public static func textWidth(of cols: Int) -> Int { cols - 4 }

    /// Fills the frame, draws its border, the title on the top border and a footer on the bottom one.
    static func draw(_ rect: CellRect, title: String, footer: String, on surface: TextSurface) {
        for row in rect.row...rect.bottom { surface.fill(row: row, col: rect.col, count: rect.cols, style: .overlay) }
        let horizontal = String(repeating: "─", count: rect.cols - 2)
        surface.put("┌" + horizontal + "┐", row: rect.row, col: rect.col, style: .overlayBorder)
        surface.put("└" + horizontal + "┘", row: rect.bottom, col: rect.col, style: .overlayBorder)
        for row in (rect.row + 1)..<rect.bottom {
            surface.put("│", row: row, col: rect.col, style: .overlayBorder)
            surface.put("│", row: row, col: rect.right, style: .overlayBorder)
        }
        surface.put(TextFit.clip(" \(title) ", rect.cols - 4), row: rect.row, col: rect.col + 2, style: .overlayBorder)
        let fitted = TextFit.clip(" \(footer) ", rect.cols - 4)
        surface.put(fitted, row: rect.bottom, col: rect.right - 1 - fitted.count, style: .overlayBorder)
    }

    static func centered(rows: Int, cols: Int, screenRows: Int, screenCols: Int) -> CellRect {
        CellRect(row: max(1, (screenRows - rows) / 2), col: max(0, (screenCols - cols) / 2), rows: rows, cols: cols)
    }
}
