import GenDegEngine

extension RGBCanvas {
    /// `image` fitted and centred in `area` at the given cell size, cropped to the cells it
    /// touches (the rest of the area already shows the background), so encoding grows with the
    /// image, not the pane. `rowMultiple` keeps the height a multiple of sixel's six-row band.
    static func fitted(_ image: RGBImage, area: CellRect, cellWidth: Int, cellHeight: Int, background: RGBColor,
                       rowMultiple: Int = 1) -> (canvas: RGBCanvas, cells: CellRect) {
        let height = (area.rows * cellHeight) / rowMultiple * rowMultiple
        let full = RGBCanvas(width: area.cols * cellWidth, height: max(rowMultiple, height), background: background, image: image)
        let rect = full.imageRect
        let firstCol = rect.x / cellWidth, lastCol = (rect.x + rect.width - 1) / cellWidth
        let firstRow = rect.y / cellHeight, lastRow = (rect.y + rect.height - 1) / cellHeight
        let top = firstRow * cellHeight
        let bottom = min(full.height, (lastRow + 1) * cellHeight)
        let cropHeight = max(rowMultiple, (bottom - top) / rowMultiple * rowMultiple)
        let canvas = full.cropped(x: firstCol * cellWidth, y: top, width: min(full.width, (lastCol + 1) * cellWidth) - firstCol * cellWidth,
                                  height: min(cropHeight, full.height - top))
        let cells = CellRect(row: area.row + firstRow, col: area.col + firstCol, rows: lastRow - firstRow + 1, cols: lastCol - firstCol + 1)
        return (canvas, cells)
    }

    /// The canvas as an engine image, for the PNG encoder.
    func rgbImage() -> RGBImage {
        var image = RGBImage(width: width, height: height)
        let plane = width * height
        image.pixels.withUnsafeMutableBufferPointer { out in
            bytes.withUnsafeBufferPointer { source in
                for i in 0..<plane {
                    out[i] = Float(source[3 * i]) / 255
                    out[plane + i] = Float(source[3 * i + 1]) / 255
                    out[2 * plane + i] = Float(source[3 * i + 2]) / 255
                }
            }
        }
        return image
    }
}
