import GenDegEngine

/// Everything an image encoder needs to know about the screen.
public struct GraphicsSetup: Equatable, Sendable {
    public var mode: GraphicsMode
    public var cellWidth: Int
    public var cellHeight: Int
    public var depth: HalfBlockEncoder.ColorDepth
    /// Kitty images placed by Unicode placeholder cells rather than at the cursor.
    public var kittyPlaceholders: Bool
    /// Image escapes wrapped for tmux's passthrough.
    public var tmuxPassthrough: Bool
    public var kittyFormat: KittyEncoder.Format

    public init(mode: GraphicsMode, cellWidth: Int = 10, cellHeight: Int = 20, depth: HalfBlockEncoder.ColorDepth = .palette256,
                kittyPlaceholders: Bool = false, tmuxPassthrough: Bool = false, kittyFormat: KittyEncoder.Format = .png) {
        self.mode = mode
        self.cellWidth = cellWidth
        self.cellHeight = cellHeight
        self.depth = depth
        self.kittyPlaceholders = kittyPlaceholders
        self.tmuxPassthrough = tmuxPassthrough
        self.kittyFormat = kittyFormat
    }

    /// The setup for a detection decision and the cell size the terminal gave (10x20 if none).
    public init(decision: GraphicsDecision, answers: TerminalAnswers) {
        let cell = answers.cellPixels ?? CellPixels(width: 10, height: 20)
        self.init(mode: decision.mode, cellWidth: cell.width, cellHeight: cell.height,
                  depth: answers.trueColor ? .trueColor : .palette256,
                  kittyPlaceholders: decision.kittyPlaceholders, tmuxPassthrough: decision.tmuxPassthrough,
                  kittyFormat: decision.kittyFormat)
    }

    /// Encoded image bytes and the cells they cover.
    public struct Placed: Sendable {
        /// What draws the image the first time (with its data).
        public var bytes: [UInt8]
        /// What draws it again after a repaint; for kitty, a placement without data.
        public var again: [UInt8]
        /// What takes it off the screen when its pane is covered or changes; empty where a
        /// repaint of the cells does that.
        public var hide: [UInt8]
        public var cells: CellRect

        public init(bytes: [UInt8], again: [UInt8]? = nil, hide: [UInt8] = [], cells: CellRect) {
            self.bytes = bytes
            self.again = again ?? bytes
            self.hide = hide
            self.cells = cells
        }
    }

    /// The bytes that draw `image` fitted and centred in `area`; `imageID` names it for kitty
    /// (one per pane, reused for each new image of that pane).
    public func encode(_ image: RGBImage, area: CellRect, background: RGBColor, imageID: Int = 1) throws -> Placed {
        switch mode {
        case .sixel:
            let fit = RGBCanvas.fitted(image, area: area, cellWidth: cellWidth, cellHeight: cellHeight, background: background, rowMultiple: 6)
            return Placed(bytes: ImagePlacement.at(row: fit.cells.row, col: fit.cells.col, wrap(try SixelEncoder.encode(fit.canvas))), cells: fit.cells)
        case .kitty:
            var area = area
            area.rows = min(area.rows, KittyPlaceholders.maximumSpan)
            area.cols = min(area.cols, KittyPlaceholders.maximumSpan)
            let fit = RGBCanvas.fitted(image, area: area, cellWidth: cellWidth, cellHeight: cellHeight, background: background)
            let cells = fit.cells
            let data = try KittyEncoder.transmit(fit.canvas, id: imageID, cols: cells.cols, rows: cells.rows, format: kittyFormat,
                                                 virtual: kittyPlaceholders)
            if kittyPlaceholders {
                let text = ImagePlacement.saved(KittyPlaceholders.cells(id: imageID, row: cells.row, col: cells.col, rows: cells.rows, cols: cells.cols))
                return Placed(bytes: wrap(data) + text, again: text, cells: cells)
            }
            return Placed(bytes: ImagePlacement.at(row: cells.row, col: cells.col, wrap(data)),
                          again: ImagePlacement.at(row: cells.row, col: cells.col, wrap(KittyEncoder.place(id: imageID, cols: cells.cols, rows: cells.rows))),
                          hide: wrap(KittyEncoder.hide(id: imageID)), cells: cells)
        case .iterm2:
            let fit = RGBCanvas.fitted(image, area: area, cellWidth: cellWidth, cellHeight: cellHeight, background: background)
            let bytes = try ITerm2Encoder.encode(fit.canvas, cols: fit.cells.cols, rows: fit.cells.rows)
            return Placed(bytes: ImagePlacement.at(row: fit.cells.row, col: fit.cells.col, wrap(bytes)), cells: fit.cells)
        case .blocks:
            let aspect = Double(cellHeight) / 2 / Double(cellWidth)
            let canvas = RGBCanvas(width: area.cols, height: area.rows * 2, background: background, image: image, pixelAspect: aspect)
            return Placed(bytes: ImagePlacement.blocks(HalfBlockEncoder.rows(canvas, depth: depth), row: area.row, col: area.col), cells: area)
        case .auto, .none:
            return Placed(bytes: [], cells: area)
        }
    }

    /// What frees a kitty image's data when the explorer exits; nothing for other modes.
    public func release(imageID: Int) -> [UInt8] {
        mode == .kitty ? wrap(KittyEncoder.delete(id: imageID)) : []
    }

    /// Image escapes go through tmux's passthrough when the decision says so. Kitty's chunks
    /// are wrapped one by one, as tmux passes one sequence per wrapper.
    func wrap(_ bytes: [UInt8]) -> [UInt8] {
        guard tmuxPassthrough, !bytes.isEmpty else { return bytes }
        guard mode == .kitty else { return TerminalQueries.tmuxWrapped(bytes) }
        var out: [UInt8] = []
        var start = 0
        var i = 0
        while i + 1 < bytes.count {
            if bytes[i] == 0x1B && bytes[i + 1] == UInt8(ascii: "\\") {
                out += TerminalQueries.tmuxWrapped(Array(bytes[start...(i + 1)]))
                start = i + 2
                i += 2
            } else {
                i += 1
            }
        }
        if start < bytes.count { out += TerminalQueries.tmuxWrapped(Array(bytes[start...])) }
        return out
    }
}
