import Foundation

/// Convolves image planes with one blur kernel, replicating edge pixels beyond the border.
///
/// The convention is true convolution: out(y, x) = sum over taps (i, j) of
/// w[i, j] * in(y - (i - c), x - (j - c)), c = size / 2. `adjoint` applies the flipped kernel
/// (correlation), the transpose Richardson-Lucy needs. Sparse kernels (a motion path has few
/// non-zero taps) run directly, tap by tap over whole rows; dense ones through the FFT.
public struct KernelConvolver: Sendable {
    public let width: Int
    public let height: Int
    public let kernel: BlurKernel
    /// Kernels with more non-zero taps than this go through the FFT.
    public static let directTapLimit = 160

    struct Tap: Sendable { let i: Int, j: Int, weight: Float }
    private let taps: [Tap]
    private let radius: Int
    private let spectral: SpectralKernel?

    /// The kernel's transform on a replicate-padded grid that leaves room for wrap-around.
    struct SpectralKernel: Sendable {
        let fft: FFT2D
        let re: [Float]
        let im: [Float]
    }

    public init(kernel: BlurKernel, width: Int, height: Int, useFFT: Bool? = nil) {
        self.width = width
        self.height = height
        self.kernel = kernel
        radius = kernel.size / 2
        var taps: [Tap] = []
        for i in 0..<kernel.size {
            for j in 0..<kernel.size where kernel.weights[i * kernel.size + j] != 0 {
                taps.append(Tap(i: i, j: j, weight: kernel.weights[i * kernel.size + j]))
            }
        }
        self.taps = taps
        if useFFT ?? (taps.count > KernelConvolver.directTapLimit) {
            let gridWidth = FFT.fastSize(atLeast: width + 2 * radius)
            let gridHeight = FFT.fastSize(atLeast: height + 2 * radius)
            var re = [Float](repeating: 0, count: gridWidth * gridHeight), im = re
            for tap in taps {
                let y = (tap.i - radius + gridHeight) % gridHeight, x = (tap.j - radius + gridWidth) % gridWidth
                re[y * gridWidth + x] += tap.weight
            }
            let fft = FFT2D(width: gridWidth, height: gridHeight)
            fft.forward(re: &re, im: &im)
            spectral = SpectralKernel(fft: fft, re: re, im: im)
        } else {
            spectral = nil
        }
    }

    public var usesFFT: Bool { spectral != nil }

    /// Each plane (width * height samples) convolved with the kernel, or its flip when `adjoint`.
    public func apply(_ planes: [[Float]], adjoint: Bool = false) -> [[Float]] {
        for plane in planes { precondition(plane.count == width * height, "plane size does not match the convolver") }
        if let spectral { return applySpectral(spectral, planes, adjoint: adjoint) }
        return applyDirect(planes, adjoint: adjoint)
    }

    /// `plane` replicate-padded by `margin` on every side into a grid of gridWidth x gridHeight,
    /// the image's top-left corner at (margin, margin).
    static func replicatePad(_ plane: UnsafePointer<Float>, width: Int, height: Int, margin: Int,
                             gridWidth: Int, gridHeight: Int, into grid: UnsafeMutablePointer<Float>) {
        for gy in 0..<gridHeight {
            let y = min(max(gy - margin, 0), height - 1)
            let row = plane + y * width, out = grid + gy * gridWidth
            let left = min(margin, gridWidth), right = min(gridWidth, margin + width)
            for gx in 0..<left { out[gx] = row[0] }
            if right > left { (out + left).update(from: row, count: right - left) }
            for gx in right..<gridWidth { out[gx] = row[min(gx - margin, width - 1)] }
        }
    }

    private func applyDirect(_ planes: [[Float]], adjoint: Bool) -> [[Float]] {
        let width = self.width, height = self.height, c = radius
        let paddedWidth = width + 2 * c, paddedHeight = height + 2 * c
        let rowsPerChunk = 32
        let chunksPerPlane = (height + rowsPerChunk - 1) / rowsPerChunk
        let planeSize = width * height
        var flat = [Float](repeating: 0, count: planes.count * planeSize)
        let padded: [[Float]] = planes.map { plane in
            var grid = [Float](repeating: 0, count: paddedWidth * paddedHeight)
            plane.withUnsafeBufferPointer { src in
                grid.withUnsafeMutableBufferPointer { dst in
                    KernelConvolver.replicatePad(src.baseAddress!, width: width, height: height, margin: c,
                                                 gridWidth: paddedWidth, gridHeight: paddedHeight, into: dst.baseAddress!)
                }
            }
            return grid
        }
        // Output row y, column x reads padded (y + dy, x + dx): convolution dy = 2c - i, adjoint dy = i.
        let offsets = taps.map { tap in
            adjoint ? (dy: tap.i, dx: tap.j, weight: tap.weight) : (dy: 2 * c - tap.i, dx: 2 * c - tap.j, weight: tap.weight)
        }
        flat.withUnsafeMutableBufferPointer { flatBuffer in
            let flatBase = flatBuffer.baseAddress!
            Parallel.forFixedChunks(planes.count * chunksPerPlane, grain: 1) { chunks in
                for chunk in chunks {
                    let planeIndex = chunk / chunksPerPlane
                    let y0 = (chunk % chunksPerPlane) * rowsPerChunk
                    padded[planeIndex].withUnsafeBufferPointer { source in
                        let src = source.baseAddress!, dst = flatBase + planeIndex * planeSize
                        for y in y0..<min(height, y0 + rowsPerChunk) {
                            let out = dst + y * width
                            for tap in offsets {
                                let row = src + (y + tap.dy) * paddedWidth + tap.dx
                                let w = tap.weight
                                for x in 0..<width { out[x] += w * row[x] }
                            }
                        }
                    }
                }
            }
        }
        return planes.indices.map { Array(flat[($0 * planeSize)..<(($0 + 1) * planeSize)]) }
    }

    private func applySpectral(_ spectral: SpectralKernel, _ planes: [[Float]], adjoint: Bool) -> [[Float]] {
        let gridWidth = spectral.fft.width, gridHeight = spectral.fft.height
        let c = radius
        var outputs: [[Float]] = []
        // Two real planes ride in one complex transform: the kernel is real, so the real and
        // imaginary parts of the product stay apart.
        var index = 0
        while index < planes.count {
            var re = [Float](repeating: 0, count: gridWidth * gridHeight), im = re
            let pair = Array(planes[index..<min(planes.count, index + 2)])
            for (slot, plane) in pair.enumerated() {
                plane.withUnsafeBufferPointer { src in
                    if slot == 0 {
                        re.withUnsafeMutableBufferPointer { dst in
                            KernelConvolver.replicatePad(src.baseAddress!, width: width, height: height, margin: c,
                                                         gridWidth: gridWidth, gridHeight: gridHeight, into: dst.baseAddress!)
                        }
                    } else {
                        im.withUnsafeMutableBufferPointer { dst in
                            KernelConvolver.replicatePad(src.baseAddress!, width: width, height: height, margin: c,
                                                         gridWidth: gridWidth, gridHeight: gridHeight, into: dst.baseAddress!)
                        }
                    }
                }
            }
            spectral.fft.forward(re: &re, im: &im)
            let sign: Float = adjoint ? -1 : 1
            for k in 0..<re.count {
                let kr = spectral.re[k], ki = sign * spectral.im[k]
                let a = re[k], b = im[k]
                re[k] = a * kr - b * ki
                im[k] = a * ki + b * kr
            }
            spectral.fft.inverse(re: &re, im: &im)
            for slot in 0..<pair.count {
                let grid = slot == 0 ? re : im
                var plane = [Float](repeating: 0, count: width * height)
                for y in 0..<height {
                    for x in 0..<width { plane[y * width + x] = grid[(y + c) * gridWidth + x + c] }
                }
                outputs.append(plane)
            }
            index += 2
        }
        return outputs
    }
}
