import Foundation
import XCTest
@testable import GenDegEngine

/// GenDS-style intensity sampling and the deterministic, shardable plan.
final class SynthesisSamplingTests: XCTestCase {
    let catalog = try! IntensityStatsCatalog.bundled()

    func testSampledMuFollowsTheWeightedDatasetHistograms() throws {
        for type in DegradationType.allCases {
            let sampler = GenDSIntensitySampler(catalog: catalog, type: type)
            var random = SeededRandom(seed: 11)
            var observed = [Int](repeating: 0, count: catalog.bins)
            let draws = 20_000
            for _ in 0..<draws {
                let draw = sampler.draw(uniform: false, using: &random)
                observed[min(catalog.bins - 1, Int(draw.mu / catalog.muBinWidth))] += 1
            }
            var expected = [Double](repeating: 0, count: catalog.bins)
            let probabilities = sampler.datasetProbabilities
            for dataset in catalog.datasets(for: type) {
                let total = Double(dataset.muCounts.reduce(0, +))
                for bin in 0..<catalog.bins { expected[bin] += probabilities[dataset.name]! * Double(dataset.muCounts[bin]) / total }
            }
            let (statistic, df) = ChiSquare.statistic(observed: observed, expected: expected)
            XCTAssertLessThan(statistic, ChiSquare.critical(df), "\(type): chi-square \(statistic) with \(df) degrees of freedom")
        }
    }

    func testChiSquareRejectsAWrongHistogram() {
        // The test above must be able to fail: a sampler ignoring the weights is caught.
        let sampler = GenDSIntensitySampler(catalog: catalog, type: .haze)
        var random = SeededRandom(seed: 3)
        var observed = [Int](repeating: 0, count: catalog.bins)
        for _ in 0..<20_000 { observed[min(catalog.bins - 1, Int(sampler.draw(uniform: true, using: &random).mu / catalog.muBinWidth))] += 1 }
        let pooled = catalog.pooledMuCounts(for: .haze).map(Double.init)
        let total = pooled.reduce(0, +)
        let (statistic, df) = ChiSquare.statistic(observed: observed, expected: pooled.map { $0 / total })
        XCTAssertGreaterThan(statistic, ChiSquare.critical(df))
    }

    func testGenDeGWeightsAndDatasets() {
        let rain = GenDSIntensitySampler(catalog: catalog, type: .rain).datasetProbabilities
        XCTAssertEqual(rain.count, 6)
        XCTAssertEqual(rain["ORD"]! / rain["Rain13K"]!, 0.2, accuracy: 1e-12)
        let haze = GenDSIntensitySampler(catalog: catalog, type: .haze).datasetProbabilities
        XCTAssertEqual(haze["DenseHaze"]! / haze["RESIDE"]!, 0.05, accuracy: 1e-12)
        XCTAssertEqual(haze["NH-HAZE"]! / haze["RESIDE"]!, 0.1, accuracy: 1e-12)
        XCTAssertEqual(haze["I-HAZE"]! / haze["RESIDE"]!, 0.25, accuracy: 1e-12)
        let dark = GenDSIntensitySampler(catalog: catalog, type: .lowLight).datasetProbabilities
        XCTAssertEqual(dark["SID"]! / dark["LOLv2"]!, 0.2, accuracy: 1e-12)
    }

    func testUniformDrawsStayInTheDatasetRange() {
        let sampler = GenDSIntensitySampler(catalog: catalog, type: .snow)
        var random = SeededRandom(seed: 5)
        for _ in 0..<2000 {
            let draw = sampler.draw(uniform: true, using: &random)
            let dataset = catalog.datasets(for: .snow).first { $0.name == draw.dataset }!
            let first = Double(dataset.muCounts.firstIndex { $0 > 0 }!) * catalog.muBinWidth
            let last = Double(dataset.muCounts.lastIndex { $0 > 0 }! + 1) * catalog.muBinWidth
            XCTAssertTrue(first <= draw.mu && draw.mu <= last, "\(draw)")
            XCTAssertEqual(draw.source, .gendsUniform)
        }
    }

    func testIntensitySpecParsing() {
        XCTAssertEqual(IntensitySpec(argument: "gends"), .gends)
        XCTAssertEqual(IntensitySpec(argument: "0.12"), .fixed(mu: 0.12, sigma: nil))
        XCTAssertEqual(IntensitySpec(argument: "0.12:0.08"), .fixed(mu: 0.12, sigma: 0.08))
        XCTAssertEqual(IntensitySpec(argument: "0.05-0.3"), .uniform(0.05...0.3))
        XCTAssertNil(IntensitySpec(argument: "0.9"))
        XCTAssertNil(IntensitySpec(argument: "0.3-0.1"))
        XCTAssertNil(IntensitySpec(argument: "lots"))
    }

    func makePlan(seed: UInt64 = 9) throws -> SynthesisPlan {
        let paths = SampleImages.bundledPaths()
        XCTAssertEqual(paths.count, 4)
        return try SynthesisPlan(imagePaths: paths.reversed(), types: [.haze, .rain], perImage: 3, seed: seed,
                                 intensity: .gends, catalog: catalog)
    }

    func testShardsPartitionTheJobs() throws {
        let plan = try makePlan()
        let all = plan.jobs.map(\.id)
        XCTAssertEqual(all.count, 4 * 2 * 3)
        XCTAssertEqual(Set(all).count, all.count)
        for n in [1, 2, 3, 5, 7] {
            let union = (0..<n).flatMap { plan.jobs(in: Shard(index: $0, count: n)).map(\.id) }
            XCTAssertEqual(union.sorted(), all.sorted(), "shards of \(n)")
        }
    }

    func testSamplesDependOnlyOnSeedImageAndIndex() throws {
        let a = try makePlan(), b = try makePlan()
        let c = try SynthesisPlan(imagePaths: Array(SampleImages.bundledPaths().prefix(2)), types: [.rain], perImage: 3, seed: 9,
                                  intensity: .gends, catalog: catalog)
        for job in c.jobs {
            let twin = a.jobs.first { $0.id == job.id }!
            XCTAssertEqual(a.sampleSeed(for: twin), c.sampleSeed(for: job))
            XCTAssertEqual(a.intensity(for: twin), c.intensity(for: job))
            XCTAssertEqual(a.intensity(for: twin), b.intensity(for: twin))
        }
        let other = try makePlan(seed: 10)
        XCTAssertNotEqual(a.jobs.map { a.sampleSeed(for: $0) }, other.jobs.map { other.sampleSeed(for: $0) })
    }

    func testShardParsing() {
        XCTAssertEqual(Shard(argument: "2/4"), Shard(index: 2, count: 4))
        XCTAssertNil(Shard(argument: "4/4"))
        XCTAssertNil(Shard(argument: "1/0"))
        XCTAssertNil(Shard(argument: "x"))
    }

    func testManifestSkipsCutLinesAndMergesWithoutDuplicates() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gendeg-manifest-\(UUID())").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        func record(_ id: String, _ mu: Double) -> ManifestRecord {
            ManifestRecord(id: id, input: "haze/input/\(id).png", target: "haze/target/\(id).png", type: "haze", index: 0,
                           targetMu: mu, targetSigma: 0.1, measuredMu: mu, measuredSigma: 0.1, intensity: 0.5, dataset: "RESIDE",
                           intensitySource: .gendsHistogram, clampedToReach: false, generator: "physical", synthetic: false, modelSHA256: nil,
                           seed: 1, runSeed: 9, sourcePath: "/x.png", sourceSHA256: "ab", gendegVersion: GenDegVersion.string)
        }
        let first = (folder as NSString).appendingPathComponent("manifest-0-of-2.jsonl")
        let second = (folder as NSString).appendingPathComponent("manifest-1-of-2.jsonl")
        try SynthesisManifest.append(record("a", 0.1), to: first)
        try SynthesisManifest.append(record("b", 0.2), to: first)
        // A line cut short by kill -9.
        let handle = try XCTUnwrap(FileHandle(forWritingAtPath: first))
        handle.seekToEndOfFile()
        handle.write(Data(String(try record("c", 0.3).jsonLine().prefix(40)).utf8))
        try handle.close()
        try SynthesisManifest.append(record("c", 0.3), to: second)
        try SynthesisManifest.append(record("a", 0.1), to: second)
        XCTAssertEqual(SynthesisManifest.read(first).map(\.id), ["a", "b"])
        let merged = try SynthesisManifest.merge(folder: folder)
        XCTAssertEqual(merged.map(\.id), ["a", "b", "c"])
        XCTAssertEqual(SynthesisManifest.read((folder as NSString).appendingPathComponent("manifest.jsonl")), merged)
    }

    /// Every key on every line, absent values as null: a trainer can index any field of any line.
    func testManifestLineSchema() throws {
        var record = ManifestRecord(id: "haze/x_0", input: "haze/input/x_0.png", target: "haze/target/x_0.png", type: "haze",
                                    index: 0, targetMu: 0.1, targetSigma: 0.05, measuredMu: 0.101, measuredSigma: 0.05,
                                    intensity: nil, dataset: nil, intensitySource: .range, clampedToReach: false,
                                    generator: "physical", synthetic: false, modelSHA256: nil, seed: 7, runSeed: 3, sourcePath: "/p.png",
                                    sourceSHA256: "00", gendegVersion: "1")
        let keys: Set<String> = ["id", "input", "target", "type", "index", "target_mu", "target_sigma", "measured_mu",
                                 "measured_sigma", "intensity", "dataset", "intensity_source", "clamped_to_reach", "generator", "synthetic",
                                 "model_sha256", "steps", "sampler", "cfg_text", "cfg_image", "seed", "run_seed", "source_path",
                                 "source_sha256", "gendeg_version", "preset", "caption", "prompt"]
        XCTAssertEqual(Set(ManifestRecord.keys), keys)
        let physical = try record.jsonLine()
        XCTAssertFalse(physical.contains("\n"))
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(physical.utf8)) as? [String: Any])
        XCTAssertEqual(Set(object.keys), keys, "every key is written, absent ones as null")
        for key in ["intensity", "dataset", "model_sha256", "steps", "sampler", "cfg_text", "cfg_image", "preset", "caption", "prompt"] {
            XCTAssertTrue(object[key] is NSNull, "\(key) should be null, is \(object[key]!)")
        }
        XCTAssertEqual(object["intensity_source"] as? String, "range")
        XCTAssertEqual(object["run_seed"] as? Int, 3)

        record.modelSHA256 = "ab12"
        record.settings = GeneratorSettings(steps: 4, sampler: .ddim, textGuidance: 3, imageGuidance: 1.25)
        let diffusion = try record.jsonLine()
        let decoded = try JSONDecoder().decode(ManifestRecord.self, from: Data(diffusion.utf8))
        XCTAssertEqual(decoded, record)
        let fields = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(diffusion.utf8)) as? [String: Any])
        XCTAssertEqual(fields["steps"] as? Int, 4)
        XCTAssertEqual(fields["sampler"] as? String, "ddim")
        XCTAssertEqual(fields["cfg_text"] as? Double, 3)
        XCTAssertEqual(fields["cfg_image"] as? Double, 1.25)
        XCTAssertEqual(fields["model_sha256"] as? String, "ab12")

        // `synthetic` is written for every line; lines from before it existed are read back by
        // whether a model made them (a model hash), so a resumed run neither redoes nor mislabels them.
        XCTAssertEqual(try XCTUnwrap(JSONSerialization.jsonObject(with: Data(physical.utf8)) as? [String: Any])["synthetic"] as? Bool,
                       false)
        record.synthetic = true
        XCTAssertEqual(fields["synthetic"] as? Bool, false, "the record above was built as physical")
        for (line, expected) in [(physical, false), (try record.jsonLine(), true)] {
            var old = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            old.removeValue(forKey: "synthetic")
            let decodedOld = try JSONDecoder().decode(ManifestRecord.self, from: JSONSerialization.data(withJSONObject: old))
            XCTAssertEqual(decodedOld.synthetic, expected)
        }

        XCTAssertEqual(fields["preset"] as? String, "fast", "settings without a preset are the fast preset, named")
        record.settings = GenDegPreset.reference.settings(for: try GenDegModel.load(path: Bundle.module.resourceURL!
            .appendingPathComponent("Fixtures/pipeline/tiny-gendeg").path))
        let reference = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(try record.jsonLine().utf8)) as? [String: Any])
        XCTAssertEqual(reference["preset"] as? String, "reference")
        XCTAssertEqual(reference["steps"] as? Int, 100)
        XCTAssertEqual(reference["cfg_text"] as? Double, 7.5)
        XCTAssertEqual(reference["cfg_image"] as? Double, 1.5)
        XCTAssertEqual(try JSONDecoder().decode(ManifestRecord.self, from: Data(try record.jsonLine().utf8)).settings?.preset, "reference")
    }
}
