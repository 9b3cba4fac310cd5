import GenDegEngine
/// How images reach the screen.
public enum GraphicsMode: String, CaseIterable, Sendable {
    /// Sixel when the terminal says it can, else half-blocks.
    case auto
    case sixel
    case blocks
    case none

    /// The renderer actually used, given what the terminal reported.
    public func resolved(with capabilities: TerminalCapabilities) -> GraphicsMode {
        self == .auto ? (capabilities.sixel ? .sixel : .blocks) : self
    }
}

/// Everything an image encoder needs to know about the screen.
public struct GraphicsSetup: Equatable, Sendable {
    public var mode: GraphicsMode
    public var cellWidth: Int
    public var cellHeight: Int
    public var depth: HalfBlockEncoder.ColorDepth

    public init(mode: GraphicsMode, cellWidth: Int = 10, cellHeight: Int = 20, depth: HalfBlockEncoder.ColorDepth = .palette256) {
        self.mode = mode
        self.cellWidth = cellWidth
        self.cellHeight = cellHeight
        self.depth = depth
    }

    /// Encoded image bytes and the cells they cover.
    public struct Placed: Sendable {
        public var bytes: [UInt8]
        public var cells: CellRect
    }

    /// The bytes that draw `image` fitted and centred in `area`. Sixel covers only the cells
    /// the image touches (the rest of the area already shows the background), which keeps
    /// encoding proportional to the image, not the pane.
    public func encode(_ image: RGBImage, area: CellRect, background: RGBColor) throws -> Placed {
        switch mode {
        case .sixel:
            // Sixel paints six pixel rows per band: keep the height a multiple of 6 so the
            // last band never spills below the area.
            let height = (area.rows * cellHeight) / 6 * 6
            let full = RGBCanvas(width: area.cols * cellWidth, height: max(6, height), background: background, image: image)
            let rect = full.imageRect
            let firstCol = rect.x / cellWidth, lastCol = (rect.x + rect.width - 1) / cellWidth
            let firstRow = rect.y / cellHeight, lastRow = (rect.y + rect.height - 1) / cellHeight
            let top = firstRow * cellHeight
            let bottom = min(full.height, (lastRow + 1) * cellHeight)
            let cropHeight = max(6, (bottom - top) / 6 * 6)
            let canvas = full.cropped(x: firstCol * cellWidth, y: top, width: min(full.width, (lastCol + 1) * cellWidth) - firstCol * cellWidth,
                                      height: min(cropHeight, full.height - top))
            let cells = CellRect(row: area.row + firstRow, col: area.col + firstCol, rows: lastRow - firstRow + 1, cols: lastCol - firstCol + 1)
            return Placed(bytes: ImagePlacement.sixel(try SixelEncoder.encode(canvas), row: cells.row, col: cells.col), cells: cells)
        case .blocks:
            let aspect = Double(cellHeight) / 2 / Double(cellWidth)
            let canvas = RGBCanvas(width: area.cols, height: area.rows * 2, background: background, image: image, pixelAspect: aspect)
            return Placed(bytes: ImagePlacement.blocks(HalfBlockEncoder.rows(canvas, depth: depth), row: area.row, col: area.col), cells: area)
        case .auto, .none:
            return Placed(bytes: [], cells: area)
        }
    }
}
