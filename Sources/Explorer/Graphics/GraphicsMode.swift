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

    /// The bytes that draw `image` letterboxed into `area` with its top-left at the area's corner.
    public func encode(_ image: RGBImage, area: CellRect, background: RGBColor) throws -> [UInt8] {
        switch mode {
        case .sixel:
            // Sixel paints six pixel rows per band: keep the height a multiple of 6 so the
            // last band never spills below the area.
            let height = (area.rows * cellHeight) / 6 * 6
            let canvas = RGBCanvas(width: area.cols * cellWidth, height: max(6, height), background: background, image: image)
            return ImagePlacement.sixel(try SixelEncoder.encode(canvas), row: area.row, col: area.col)
        case .blocks:
            let aspect = Double(cellHeight) / 2 / Double(cellWidth)
            let canvas = RGBCanvas(width: area.cols, height: area.rows * 2, background: background, image: image, pixelAspect: aspect)
            return ImagePlacement.blocks(HalfBlockEncoder.rows(canvas, depth: depth), row: area.row, col: area.col)
        case .auto, .none:
            return []
        }
    }
}
