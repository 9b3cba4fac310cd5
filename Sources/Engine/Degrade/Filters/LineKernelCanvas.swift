import Foundation

/// A single-channel layer for convolving with a straight motion-blur line kernel at any
/// angle in O(1) per pixel, whatever the line's length.
///
/// The canvas is the image sheared so that lines at `angle` (radians from vertical, leaning
/// right going down) run straight down its columns: image point (x, y) sits at canvas
/// (x - tan(angle) (y + margin) + offset, y + margin). There the line kernel is a running box
/// along each column; `unsheared()` samples the result back into image space (linear
/// interpolation along rows). Shearing keeps areas, so points scattered uniformly on the
/// canvas are uniform in the image. `margin` rows above and below (and the columns the shear
/// needs) hold what lies beyond the image's edges, so lines crossing an edge are whole.
struct LineKernelCanvas {
    let imageWidth: Int
    let imageHeight: Int
    /// tan(angle): image columns moved per row down.
    let slope: Float
    let margin: Int
    /// Canvas column of image column 0 on canvas row 0.
    let offset: Float
    var layer: SplatLayer

    init(imageWidth: Int, imageHeight: Int, angle: Float, margin: Int) {
        self.imageWidth = imageWidth
        self.imageHeight = imageHeight
        self.margin = margin
        slope = tanf(angle)
        let rows = imageHeight + 2 * margin
        let shift = abs(slope) * Float(rows)
        offset = (slope > 0 ? shift : 0) + 1
        layer = SplatLayer(width: imageWidth + Int(shift.rounded(.up)) + 2, height: rows)
    }

    var width: Int { layer.width }
    var height: Int { layer.height }

    /// Adds `weight` at canvas position (u, v), bilinearly (pixel centers at integer + 0.5).
    mutating func add(u: Float, v: Float, weight: Float) {
        layer.splat(x: u, y: v, weight: weight)
    }

    /// Convolves every column with a normalized box `length` rows long (a real number: the
    /// end taps weigh the fraction): the line kernel, `length / cos(angle)` pixels long in
    /// the image.
    mutating func convolveWithLine(rows length: Float) {
        let radius = max(length - 1, 0) / 2
        guard radius > 0 else { return }
        BoxBlur.box(&layer.values, width: layer.width, height: layer.height, radiusX: 0, radiusY: radius, passes: 1)
    }

    /// The canvas in image space, `imageWidth * imageHeight` samples.
    func unsheared() -> [Float] {
        let (w, h, cw) = (imageWidth, imageHeight, layer.width)
        var image = [Float](repeating: 0, count: w * h)
        layer.values.withUnsafeBufferPointer { canvas in
            image.withUnsafeMutableBufferPointer { out in
                for y in 0..<h {
                    let v = y + margin
                    // Image pixel center x + 0.5 sits at canvas u = x + 0.5 + shift: the
                    // sample between canvas centers floor(u - 0.5) and the next.
                    let shift = offset - slope * (Float(v) + 0.5)
                    let position = shift, whole = Int(position.rounded(.down)), t = position - Float(whole)
                    let row = v * cw
                    for x in 0..<w {
                        let left = whole + x
                        let a = left >= 0 && left < cw ? canvas[row + left] : 0
                        let b = left + 1 >= 0 && left + 1 < cw ? canvas[row + left + 1] : 0
                        out[y * w + x] = a + (b - a) * t
                    }
                }
            }
        }
        return image
    }
}
