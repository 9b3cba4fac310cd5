import Foundation

/// A 2D complex DFT over a row-major width x height grid: 1D transforms down the columns, then
/// along the rows. For lengths with small prime factors both run batched (whole rows per
/// butterfly), the rows after a transpose; other lengths transform one line at a time.
public struct FFT2D: Sendable {
    public let width: Int
    public let height: Int
    private let rows: FFT
    private let columns: FFT
    /// Columns per batch: wide enough to vectorize, narrow enough to stay in cache.
    private static let batchWidth = 64

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
        if rows.supportsBatched && columns.supportsBatched {
            FFT2D.columnTransform(columns, re: &re, im: &im, width: width, height: height, inverse: inverse)
            var tRe = MinFilter.transpose(re, width: width, height: height), tIm = MinFilter.transpose(im, width: width, height: height)
            FFT2D.columnTransform(rows, re: &tRe, im: &tIm, width: height, height: width, inverse: inverse)
            re = MinFilter.transpose(tRe, width: height, height: width)
            im = MinFilter.transpose(tIm, width: height, height: width)
        } else {
            FFT2D.lineByLine(rows: rows, columns: columns, re: &re, im: &im, width: width, height: height, inverse: inverse)
        }
    }

    /// Transforms every column of a row-major width x height grid with `plan` (of length height).
    private static func columnTransform(_ plan: FFT, re: inout [Float], im: inout [Float], width: Int, height: Int, inverse: Bool) {
        re.withUnsafeMutableBufferPointer { reBuffer in
            im.withUnsafeMutableBufferPointer { imBuffer in
                let reBase = reBuffer.baseAddress!, imBase = imBuffer.baseAddress!
                let batches = (width + batchWidth - 1) / batchWidth
                Parallel.forFixedChunks(batches, grain: 1) { range in
                    let scratch = UnsafeMutablePointer<Float>.allocate(capacity: 2 * height * batchWidth)
                    defer { scratch.deallocate() }
                    for batchIndex in range {
                        let x0 = batchIndex * batchWidth, count = min(batchWidth, width - x0)
                        if inverse {
                            plan.inverseBatched(re: reBase + x0, im: imBase + x0, stride: width, batch: count, scratch: scratch)
                        } else {
                            plan.forwardBatched(re: reBase + x0, im: imBase + x0, stride: width, batch: count, scratch: scratch)
                        }
                    }
                }
            }
        }
    }

    /// Any lengths (Bluestein included): each row, then each gathered column, on its own.
    private static func lineByLine(rows: FFT, columns: FFT, re: inout [Float], im: inout [Float], width: Int, height: Int, inverse: Bool) {
        re.withUnsafeMutableBufferPointer { reBuffer in
            im.withUnsafeMutableBufferPointer { imBuffer in
                let reBase = reBuffer.baseAddress!, imBase = imBuffer.baseAddress!
                Parallel.forFixedChunks(height, grain: 16) { range in
                    let scratch = UnsafeMutablePointer<Float>.allocate(capacity: 2 * rows.scratchCount)
                    defer { scratch.deallocate() }
                    for y in range {
                        let r = reBase + y * width, i = imBase + y * width
                        if inverse { rows.inverse(re: r, im: i, scratch: scratch) } else { rows.forward(re: r, im: i, scratch: scratch) }
                    }
                }
                Parallel.forFixedChunks(width, grain: 16) { range in
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
