import GenDegEngine

/// A rectangle of character cells; rows and columns count from 0.
public struct CellRect: Equatable, Sendable {
    public var row: Int
    public var col: Int
    public var rows: Int
    public var cols: Int

    public init(row: Int, col: Int, rows: Int, cols: Int) {
        self.row = row
        self.col = col
        self.rows = rows
        self.cols = cols
    }

    /// The last row inside the rectangle.
    public var bottom: Int { row + rows - 1 }
    public var right: Int { col + cols - 1 }
    public var isEmpty: Bool { rows <= 0 || cols <= 0 }

    /// The rectangle inside a one-cell border.
    public var interior: CellRect { CellRect(row: row + 1, col: col + 1, rows: rows - 2, cols: cols - 2) }

    public func intersects(_ other: CellRect) -> Bool {
        !(other.col > right || other.right < col || other.row > bottom || other.bottom < row)
    }
}

/// Where one pane goes: its bordered frame, the image area inside, and the metrics line.
public struct PaneLayout: Equatable, Sendable {
    public var kind: PaneKind
    public var frame: CellRect
    public var imageArea: CellRect
    public var metricsRow: Int
}

/// The whole screen's geometry for one terminal size.
public struct ScreenLayout: Equatable, Sendable {
    public static let minimumRows = 24
    public static let minimumCols = 80
    public static let sidebarWidth = 24
    public static let intensityHeight = 7

    public var rows: Int
    public var cols: Int
    /// Set when the terminal is too small for any layout; the screen then shows only this.
    public var tooSmallMessage: String?
    public var header = CellRect(row: 0, col: 0, rows: 0, cols: 0)
    public var status = CellRect(row: 0, col: 0, rows: 0, cols: 0)
    public var images = CellRect(row: 0, col: 0, rows: 0, cols: 0)
    public var degradation = CellRect(row: 0, col: 0, rows: 0, cols: 0)
    public var generator = CellRect(row: 0, col: 0, rows: 0, cols: 0)
    public var intensity = CellRect(row: 0, col: 0, rows: 0, cols: 0)
    public var panes: [PaneLayout] = []

    /// `imageAspect` (width over height of the images shown) picks the grid that shows them largest.
    public init(rows: Int, cols: Int, panes kinds: [PaneKind], zoomed: PaneKind?, imageCount: Int, imageAspect: Double = 1) {
        self.rows = rows
        self.cols = cols
        guard rows >= Self.minimumRows, cols >= Self.minimumCols else {
            tooSmallMessage = "Terminal too small (\(cols)x\(rows)): the explorer needs at least \(Self.minimumCols)x\(Self.minimumRows). Enlarge the window, or press q to quit."
            return
        }
        header = CellRect(row: 0, col: 0, rows: 1, cols: cols)
        status = CellRect(row: rows - 1, col: 0, rows: 1, cols: cols)
        let bodyTop = 1, bodyRows = rows - 2
        if let zoomed {
            panes = [Self.pane(zoomed, CellRect(row: bodyTop, col: 0, rows: bodyRows, cols: cols))]
            return
        }
        let fixed = 8 + 8
        let imageRows = min(imageCount + 1, max(1, bodyRows - fixed - 2)) + 2
        images = CellRect(row: bodyTop, col: 0, rows: imageRows, cols: Self.sidebarWidth)
        degradation = CellRect(row: images.bottom + 1, col: 0, rows: 8, cols: Self.sidebarWidth)
        generator = CellRect(row: degradation.bottom + 1, col: 0, rows: min(8, rows - 1 - (degradation.bottom + 1)),
                             cols: Self.sidebarWidth)
        let right = Self.sidebarWidth, width = cols - right
        intensity = CellRect(row: rows - 1 - Self.intensityHeight, col: right, rows: Self.intensityHeight, cols: width)
        let paneArea = CellRect(row: bodyTop, col: right, rows: intensity.row - bodyTop, cols: width)
        panes = Self.grid(kinds, in: paneArea, imageAspect: imageAspect)
    }

    /// Chooses the column count that shows each image widest (a cell is about twice as tall
    /// as wide, so an image of aspect a in r rows is 2 r a cells wide); ties go to fewer columns.
    static func grid(_ kinds: [PaneKind], in area: CellRect, imageAspect: Double) -> [PaneLayout] {
        guard !kinds.isEmpty else { return [] }
        var best = 1, bestScore = -1
        for columns in 1...kinds.count {
            let gridRows = (kinds.count + columns - 1) / columns
            let innerCols = area.cols / columns - 2
            let innerRows = area.rows / gridRows - 3
            guard innerCols >= 4, innerRows >= 2 else { continue }
            let score = min(innerCols, Int(Double(innerRows * 2) * imageAspect))
            if score > bestScore { best = columns; bestScore = score }
        }
        let gridRows = (kinds.count + best - 1) / best
        let paneCols = area.cols / best, paneRows = area.rows / gridRows
        return kinds.enumerated().map { index, kind in
            let r = index / best, c = index % best
            return pane(kind, CellRect(row: area.row + r * paneRows, col: area.col + c * paneCols, rows: paneRows, cols: paneCols))
        }
    }

    static func pane(_ kind: PaneKind, _ frame: CellRect) -> PaneLayout {
        let inside = frame.interior
        let image = CellRect(row: inside.row, col: inside.col, rows: max(0, inside.rows - 1), cols: inside.cols)
        return PaneLayout(kind: kind, frame: frame, imageArea: image, metricsRow: inside.bottom)
    }
}
