import Foundation

public enum ExportError: Error, CustomStringConvertible {
    case cannotCreateFolder(String, String)
    case cannotWrite(String, String)

    public var description: String {
        switch self {
        case .cannotCreateFolder(let path, let reason): return "cannot create export folder \(path): \(reason)"
        case .cannotWrite(let path, let reason): return "cannot write \(path): \(reason)"
        }
    }
}

/// Writes a sample as a folder of PNGs plus `sample.json`. The folder is assembled under a
/// hidden temporary name and renamed into place in one step, so readers never see half an
/// export; an existing export is never replaced (the new one gets a -2, -3... suffix).
public struct SampleExporter: Sendable {
    public var folder: String

    public init(folder: String) { self.folder = folder }

    public static let sidecarName = "sample.json"

    /// Exports one sample and returns the path of the folder written.
    @discardableResult
    public func export(_ sample: ExportableSample) throws -> String {
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw ExportError.cannotCreateFolder(folder, FileError.reason(of: error))
        }
        let staging = (folder as NSString).appendingPathComponent(".export-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).tmp")
        do {
            try FileManager.default.createDirectory(atPath: staging, withIntermediateDirectories: false)
        } catch {
            throw ExportError.cannotCreateFolder(staging, FileError.reason(of: error))
        }
        do {
            try writeContents(of: sample, into: staging)
            return try moveIntoPlace(staging, baseName: Self.folderName(for: sample.spec))
        } catch {
            try? FileManager.default.removeItem(atPath: staging)
            throw error
        }
    }

    /// e.g. "astronaut_haze_mu0.120_seed7".
    public static func folderName(for spec: SampleSpec) -> String {
        let stem = ((spec.imagePath as NSString).lastPathComponent as NSString).deletingPathExtension
        let safeStem = String(stem.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" ? $0 : "_" })
        return "\(safeStem)_\(spec.type.rawValue)_mu\(String(format: "%.3f", spec.targetMu))_seed\(spec.seed)"
    }

    static func fileStem(_ name: String) -> String {
        String(name.lowercased().map { $0.isLetter || $0.isNumber || $0 == "-" ? $0 : "-" })
    }

    private func writeContents(of sample: ExportableSample, into staging: String) throws {
        func write(_ image: RGBImage, _ name: String) throws {
            let path = (staging as NSString).appendingPathComponent(name)
            do { try ImageIO.writePNG(image, to: path) } catch { throw ExportError.cannotWrite(path, "\(error)") }
        }
        func finite(_ value: Double?) -> Double? { value.flatMap { $0.isFinite ? $0 : nil } }

        try write(sample.clean, "clean.png")
        var degraded: [ExportSidecar.Degraded] = []
        for item in sample.degraded {
            let file = "degraded-\(Self.fileStem(item.generator)).png"
            try write(item.image, file)
            let modelHash = try item.modelFile.map { path -> String in
                do { return try ModelHash.sha256(ofModelAt: path) } catch { throw ExportError.cannotWrite(file, "cannot hash model \(path): \(error)") }
            }
            degraded.append(.init(file: file, generator: item.generator, synthetic: item.synthetic, measuredMu: item.stats.mu, measuredSigma: item.stats.sigma,
                                  intensity: item.intensity, modelFile: item.modelFile, modelSHA256: modelHash,
                                  psnr: finite(item.metrics?.psnr), ssim: item.metrics?.ssim))
        }
        var restored: [ExportSidecar.Restored] = []
        for item in sample.restored {
            let file = "restored-\(Self.fileStem(item.restorer))-from-\(item.source.rawValue).png"
            try write(item.image, file)
            restored.append(.init(file: file, restorer: item.restorer, restoredFrom: item.source,
                                  psnr: finite(item.metrics.psnr), ssim: item.metrics.ssim))
        }
        let sourceHash: String
        do { sourceHash = try SHA256.hex(fileAt: sample.spec.imagePath) } catch {
            throw ExportError.cannotWrite(Self.sidecarName, "cannot hash source \(sample.spec.imagePath): \(FileError.reason(of: error))")
        }
        let spec = sample.spec
        let sidecar = ExportSidecar(
            gendegVersion: GenDegVersion.string,
            source: .init(path: (spec.imagePath as NSString).standardizingPath, sha256: sourceHash, originalSize: sample.originalSize,
                          workingSize: ImageSize(width: sample.clean.width, height: sample.clean.height)),
            cleanFile: "clean.png", type: spec.type, sliderPosition: sample.sliderPosition,
            targetMu: spec.targetMu, targetSigma: sample.targetSigma, seed: spec.seed,
            sampler: spec.settings.sampler.rawValue, steps: spec.settings.steps,
            textGuidance: spec.settings.textGuidance, imageGuidance: spec.settings.imageGuidance,
            degraded: degraded, restored: restored)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let sidecarPath = (staging as NSString).appendingPathComponent(Self.sidecarName)
        do { try AtomicFile.write(try encoder.encode(sidecar), to: sidecarPath, overwrite: false) } catch {
            throw ExportError.cannotWrite(sidecarPath, "\(error)")
        }
    }

    /// Renames the staging folder to the first free name. mkdir reserves the name atomically
    /// (it fails if anything exists there); the rename then replaces only that empty folder.
    private func moveIntoPlace(_ staging: String, baseName: String) throws -> String {
        for attempt in 1...10_000 {
            let name = attempt == 1 ? baseName : "\(baseName)-\(attempt)"
            let target = (folder as NSString).appendingPathComponent(name)
            if mkdir(target, 0o755) != 0 {
                if errno == EEXIST { continue }
                throw ExportError.cannotWrite(target, String(cString: strerror(errno)))
            }
            guard rename(staging, target) == 0 else {
                let reason = String(cString: strerror(errno))
                rmdir(target)
                throw ExportError.cannotWrite(target, reason)
            }
            return target
        }
        throw ExportError.cannotWrite(baseName, "no free name after 10000 tries")
    }
}
