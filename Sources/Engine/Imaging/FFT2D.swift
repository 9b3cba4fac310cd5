import Foundation

/// A 2D complex DFT over a row-major width x height grid, done as 1D transforms of the rows,
/// then of the columns (gathered a few at a time so reads stay cache friendly).
public struct FFT2D: Sendable {
    public let width: Int
    public let height: Int
    private let rows: FFT
    private let columns: FFT

    public init(width: Int, height: Int) {
        precondition(width > 0 && height > 0, "a 2D FFT needs a positive size")
        self.width = width
        self.height = height
        rows = FFT(count: width)
        columns = FFT(count: height)
    }

    public func forward(re: inout [Float], im: inout [Float]) { transform(re: &re, im: &im, inverse: false) }

    /// The inverse transform, including the 1 / (width height).
    public func inverse(re: inout [Float], im: inout [Float]) { transform(re: &re, im: &im, inverse: true) }

    private func transform(re: inout [Float], im: inout [Float], inverse: Bool) {
        precondition(re.count == width * height && im.count == width * height, "2D FFT input size does not match the plan")
        let width = self.width, height = self.height
        let rows = self.rows, columns = self.columns
        re.withUnsafeMutableBufferPointer { reBuffer in
            im.withUnsafeMutableBufferPointer { imBuffer in
                let reBase = reBuffer.baseAddress!, imBase = imBuffer.baseAddress!
                ParallelChunks.forEach(height, grain: 16) { range in
                    let scratch = UnsafeMutablePointer<Float>.allocate(capacity: 2 * rows.scratchCount)
                    defer { scratch.deallocate() }
                    for y in range {
                        let r = reBase + y * width, i = imBase + y * width
                        if inverse { rows.inverse(re: r, im: i, scratch: scratch) } else { rows.forward(re: r, im: i, scratch: scratch) }
                    }
                }
                ParallelChunks.forEach(width, grain: 16) { range in
                    let scratch = UnsafeMutablePointer<Float>.allocate(capacity: 2 * columns.scratchCount)
                    let columnRe = UnsafeMutablePointer<Float>.allocate(capacity: height)
                    let columnIm = UnsafeMutablePointer<Float>.allocate(capacity: height)
                    defer { scratch.deallocate(); columnRe.deallocate(); columnIm.deallocate() }
                    for x in range {
                        for y in 0..<height {
                            columnRe[y] = reBase[y * width + x]
                            columnIm[y] = imBase[y * width + x]
                        }
                        if inverse {
                            columns.inverse(re: columnRe, im: columnIm, scratch: scratch)
                        } else {
                            columns.forward(re: columnRe, im: columnIm, scratch: scratch)
                        }
                        for y in 0..<height {
                            reBase[y * width + x] = columnRe[y]
                            imBase[y * width + x] = columnIm[y]
                        }
                    }
                }
            }
        }
    }
}
