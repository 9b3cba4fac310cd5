import Foundation
import GenDegEngine

/// The kitty graphics protocol's escapes (APC `ESC _ G keys ; base64 ESC \`). An image is
/// sent once per change under a fixed id (`a=T`, which replaces an older image of that id),
/// so showing it again after a repaint or an overlay is a placement without data (`a=p`),
/// and hiding it (`a=d,d=i`) keeps the data for that. Every command carries `q=2` so the
/// terminal never answers into the explorer's input.
public enum KittyEncoder {
    public enum Format: Sendable {
        /// f=32: raw RGBA, cheapest to make.
        case rgba
        /// f=100: PNG, far fewer bytes through a pipe, ssh or tmux.
        case png
    }

    /// The spec's limit on one chunk of base64 payload.
    public static let chunkSize = 4096
    /// The single placement each image has, so re-placing replaces it.
    static let placementID = 1

    /// Transmits and displays `canvas` scaled to `cols` x `rows` cells: at the cursor, or with
    /// `virtual` as a Unicode-placeholder placement that placeholder cells show.
    public static func transmit(_ canvas: RGBCanvas, id: Int, cols: Int, rows: Int, format: Format,
                                virtual: Bool = false) throws -> [UInt8] {
        var keys = "a=T,i=\(id),p=\(placementID),q=2,"
        let payload: Data
        switch format {
        case .rgba:
            keys += "f=32,s=\(canvas.width),v=\(canvas.height)"
            payload = Data(rgba(canvas))
        case .png:
            keys += "f=100"
            payload = try ImageIO.encodePNG(canvas.rgbImage())
        }
        keys += virtual ? ",U=1,c=\(cols),r=\(rows)" : ",c=\(cols),r=\(rows),C=1"
        return chunked(keys: keys, base64: Array(payload.base64EncodedData()))
    }

    /// Shows an image already sent under `id` again, at the cursor.
    public static func place(id: Int, cols: Int, rows: Int) -> [UInt8] {
        command("a=p,i=\(id),p=\(placementID),c=\(cols),r=\(rows),C=1,q=2")
    }

    /// Removes the image's placements but keeps its data, so `place` can show it again.
    public static func hide(id: Int) -> [UInt8] { command("a=d,d=i,i=\(id),q=2") }

    /// Removes the image and frees its data (on exit).
    public static func delete(id: Int) -> [UInt8] { command("a=d,d=I,i=\(id),q=2") }

    /// Splits the payload into chunks of at most 4096 bytes: the first carries the keys, the
    /// rest only `m` (1 while more follow, 0 on the last), as the protocol requires.
    static func chunked(keys: String, base64: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(base64.count + base64.count / chunkSize * 16 + keys.utf8.count + 16)
        var start = 0
        repeat {
            let end = min(base64.count, start + chunkSize)
            let more = end < base64.count
            let control = start == 0 ? keys + (more ? ",m=1" : "") : (more ? "m=1" : "m=0")
            out += Array("\u{1B}_G\(control);".utf8)
            out += base64[start..<end]
            out += [0x1B, UInt8(ascii: "\\")]
            start = end
        } while start < base64.count
        return out
    }

    static func command(_ keys: String) -> [UInt8] { Array("\u{1B}_G\(keys)\u{1B}\\".utf8) }

    static func rgba(_ canvas: RGBCanvas) -> [UInt8] {
        var out = [UInt8](repeating: 255, count: canvas.width * canvas.height * 4)
        canvas.bytes.withUnsafeBufferPointer { source in
            out.withUnsafeMutableBufferPointer { target in
                for i in 0..<(canvas.width * canvas.height) {
                    target[4 * i] = source[3 * i]
                    target[4 * i + 1] = source[3 * i + 1]
                    target[4 * i + 2] = source[3 * i + 2]
                }
            }
        }
        return out
    }
}
