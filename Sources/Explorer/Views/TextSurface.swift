import GenDegEngine

/// Where the painter draws text: ncurses on a terminal, a character grid in tests.
public protocol TextSurface: AnyObject {
    func put(_ text: String, row: Int, col: Int, style: ThemeElement)
    func fill(row: Int, col: Int, count: Int, style: ThemeElement)
}

/// An in-memory surface: what the screen would show, as text.
public final class TextGrid: TextSurface {
    public let rows: Int
    public let cols: Int
    public private(set) var cells: [[Character]]
    public private(set) var styles: [[ThemeElement]]

    public init(rows: Int, cols: Int) {
        self.rows = rows
        self.cols = cols
        cells = Array(repeating: Array(repeating: " ", count: cols), count: rows)
        styles = Array(repeating: Array(repeating: .text, count: cols), count: rows)
    }

    public func put(_ text: String, row: Int, col: Int, style: ThemeElement) {
        guard row >= 0, row < rows else { return }
        for (offset, c) in TerminalText.escaped(text).enumerated() where col + offset >= 0 && col + offset < cols {
            cells[row][col + offset] = c
            styles[row][col + offset] = style
        }
    }

    public func fill(row: Int, col: Int, count: Int, style: ThemeElement) {
        put(String(repeating: " ", count: max(0, count)), row: row, col: col, style: style)
    }

    public func line(_ row: Int) -> String { String(cells[row]) }
    public var text: String { (0..<rows).map(line).joined(separator: "\n") }
}

/// The ncurses surface; colour pairs are numbered after ThemeElement's order.
final class CursesSurface: TextSurface {
    private let colors: Int
    private var bold: [ThemeElement: Bool] = [:]

    init(colors: Int) { self.colors = colors }

    static func pair(_ element: ThemeElement) -> Int { ThemeElement.allCases.firstIndex(of: element)! + 1 }

    func apply(_ theme: Theme) {
        guard Curses.hasColors else { return }
        for element in ThemeElement.allCases {
            let style = theme.style(element)
            Curses.definePair(Self.pair(element), foreground: ColorMapping.index(style.foreground, colors: colors),
                              background: ColorMapping.index(style.background, colors: colors))
            bold[element] = style.bold
        }
    }

    func put(_ text: String, row: Int, col: Int, style: ThemeElement) {
        let (rows, cols) = Curses.size
        guard row >= 0, row < rows, col >= 0, col < cols else { return }
        // Text can come from files (names, summaries, error messages): no control character
        // reaches the terminal.
        let text = TerminalText.escaped(text)
        // ncurses wraps text past the right edge onto the next line; cut it instead.
        let fitting = text.count > cols - col ? String(text.prefix(cols - col)) : text
        Curses.setStyle(pair: Self.pair(style), bold: bold[style] ?? false)
        Curses.put(fitting, row: row, col: col)
    }

    func fill(row: Int, col: Int, count: Int, style: ThemeElement) {
        Curses.fill(row: row, col: col, count: count, pair: Self.pair(style))
    }
}
