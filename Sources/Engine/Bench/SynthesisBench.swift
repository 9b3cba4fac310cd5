import Foundation

/// Throughput of `gendeg synth` with the physical generator: 512x512 photos, GenDS
/// intensities, every type, written to a temporary folder that is removed afterwards.
public enum SynthesisBench {
    /// Images per second for each worker count.
    public static func physicalThroughput(photos: [RGBImage], workers: [Int], perImage: Int = 1) throws -> [(workers: Int, imagesPerSecond: Double)] {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gendeg-synth-bench-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var paths: [String] = []
        for (index, photo) in photos.enumerated() {
            let path = (folder as NSString).appendingPathComponent("photo\(index).png")
            try ImageIO.writePNG(photo.resized(width: 512, height: 512), to: path)
            paths.append(path)
        }
        let catalog = try IntensityStatsCatalog.bundled()
        return try workers.map { count in
            let out = (folder as NSString).appendingPathComponent("out-\(count)")
            let plan = try SynthesisPlan(imagePaths: paths, types: DegradationType.allCases, perImage: perImage, seed: 1,
                                         intensity: .gends, catalog: catalog)
            let runner = SynthesisRunner(plan: plan, shard: .whole, outputFolder: out, generator: PhysicalGenerator(), workers: count)
            let start = DispatchTime.now().uptimeNanoseconds
            let records = try runner.run()
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            return (count, Double(records.count) / seconds)
        }
    }
}
