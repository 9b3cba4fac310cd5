import Foundation

/// The blur kernel JSON `gendeg degrade --kernel` writes and `gendeg restore --kernel` reads:
/// `{"size": N, "weights": [N*N numbers, row-major]}`. Every kernel read from or written to a
/// file, and every known kernel a deconvolution restorer is given, passes `validated`, the one
/// place that says what a usable kernel is.
public enum BlurKernelFile {
    /// The largest kernel side: `degrade` makes about 1,900 at intensity 1 on a 64-megapixel
    /// image (the default image limit).
    public static let maximumSize = 2049
    /// A kernel file larger than this is refused before it is read (a 2049x2049 kernel with
    /// every weight written in full takes about 58 MB; a motion path's zeros take 2 bytes each).
    public static let maximumFileBytes = 64 << 20
    /// Deconvolution works on the image padded by the kernel size on every side, so a kernel
    /// much wider than the image only costs time (2001x2001 on a small image stalls
    /// Richardson-Lucy for minutes): a kernel side may be at most twice the image's longer side
    /// plus one, or this, whichever is larger.
    public static let sizeAlwaysAllowed = 65

    /// Reads and checks the kernel at `path`.
    public static func read(_ path: String) throws -> BlurKernel {
        let attributes: [FileAttributeKey: Any]
        do { attributes = try FileManager.default.attributesOfItem(atPath: path) } catch {
            throw BlurKernelError(file: path, reason: FileManager.default.fileExists(atPath: path)
                                  ? "cannot read the kernel file" : "no such kernel file")
        }
        guard attributes[.type] as? FileAttributeType == .typeRegular else {
            // InputFile words what it is instead (a FIFO, a device, a folder), as for every other input.
            do { try InputFile.check(path) } catch let error as FileError { throw BlurKernelError(file: path, reason: error.reason) }
            throw BlurKernelError(file: path, reason: "not a regular file")
        }
        let bytes = (attributes[.size] as? NSNumber)?.intValue ?? 0
        guard bytes <= maximumFileBytes else {
            throw BlurKernelError(file: path, reason: "\(bytes) bytes; a kernel file may hold at most \(maximumFileBytes >> 20) MB")
        }
        let data: Data
        do { data = try InputFile.read(path) } catch {
            throw BlurKernelError(file: path, reason: "cannot read the kernel file: \(FileError.reason(of: error))")
        }
        return try parse(data, file: path)
    }

    /// Parses and checks kernel JSON; `file` names it in errors.
    public static func parse(_ data: Data, file: String?) throws -> BlurKernel {
        guard data.count <= maximumFileBytes else {
            throw BlurKernelError(file: file, reason: "\(data.count) bytes; a kernel file may hold at most \(maximumFileBytes >> 20) MB")
        }
        let json: JSONValue
        do { json = try JSONValue.parse(data, what: "kernel JSON") } catch {
            throw BlurKernelError(file: file, reason: "not a blur kernel JSON (\(error))")
        }
        guard case .object = json else { throw BlurKernelError(file: file, reason: "expected a JSON object with size and weights") }
        guard case let .int(size)? = json["size"] else {
            throw BlurKernelError(file: file, reason: "'size' must be an integer")
        }
        guard case let .array(items)? = json["weights"] else {
            throw BlurKernelError(file: file, reason: "'weights' must be an array of numbers")
        }
        var weights: [Double] = []
        weights.reserveCapacity(items.count)
        for (index, item) in items.enumerated() {
            switch item {
            case let .int(value): weights.append(Double(value))
            case let .double(value): weights.append(value)
            default: throw BlurKernelError(file: file, reason: "weight \(index) is not a number")
            }
        }
        return try validated(size: size, weights: weights, file: file)
    }

    /// The kernel as JSON, checked first so that what is written can be read back.
    public static func encoded(_ kernel: BlurKernel) throws -> Data {
        let checked = try validated(kernel, file: nil)
        return try JSONEncoder().encode(checked)
    }

    /// Refuses a kernel far wider than the image it would deconvolve (see `sizeAlwaysAllowed`).
    public static func check(_ kernel: BlurKernel, fitsWidth width: Int, height: Int, file: String?) throws {
        let limit = max(2 * max(width, height) + 1, sizeAlwaysAllowed)
        guard kernel.size <= limit else {
            throw BlurKernelError(file: file, reason: "a \(kernel.size)x\(kernel.size) kernel is too wide for a \(width)x\(height) image (at most \(limit)x\(limit))")
        }
    }

    /// `kernel` checked and renormalized to sum 1.
    public static func validated(_ kernel: BlurKernel, file: String?) throws -> BlurKernel {
        try validated(size: kernel.size, weights: kernel.weights.map(Double.init), file: file)
    }

    /// The kernel these weights describe, renormalized to sum 1, or an error saying why they
    /// describe none: the side must be odd and at most `maximumSize`, there must be size*size
    /// finite non-negative weights, and their sum must be positive and finite. The sum is taken
    /// in double precision, so huge weights (1e38) normalize instead of overflowing to black.
    public static func validated(size: Int, weights: [Double], file: String?) throws -> BlurKernel {
        func fail(_ reason: String) -> BlurKernelError { BlurKernelError(file: file, reason: reason) }
        guard size >= 1, size <= maximumSize, size % 2 == 1 else {
            throw fail("kernel size \(size) must be odd and between 1 and \(maximumSize)")
        }
        guard weights.count == size * size else {
            throw fail("a \(size)x\(size) kernel needs \(size * size) weights, the file has \(weights.count)")
        }
        var total = 0.0
        for (index, weight) in weights.enumerated() {
            guard weight.isFinite, weight >= 0 else {
                throw fail("weight \(index) is \(weight); weights must be finite and non-negative")
            }
            total += weight
        }
        guard total.isFinite, total > 0 else {
            throw fail(total > 0 ? "the weights sum to more than a double can hold" : "the weights sum to zero")
        }
        let normalized = weights.map { Float($0 / total) }
        guard normalized.contains(where: { $0 > 0 }) else { throw fail("the weights vanish when normalized") }
        return BlurKernel(size: size, weights: normalized)
    }
}
