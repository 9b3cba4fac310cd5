import Foundation
import XCTest

/// What `gendeg synth` tells the person running it: progress lines with throughput and ETA
/// (on standard error, one line each when it is not a terminal), and a summary with counts
/// per type and the measured-mu histogram beside the target one.
final class SynthReportTests: XCTestCase {
    var folder = ""

    override func setUpWithError() throws { folder = try CLI.temporaryFolder("synth-report") }
    override func tearDown() { try? FileManager.default.removeItem(atPath: folder) }

    let progressLine = try! NSRegularExpression(
        pattern: #"^synth 0/1 [█░]{30} (\d+)/12  (\d+\.\d\d) img/s  ETA (--|(\d+h)?(\d+m)?\d+s)$"#)

    func testProgressLinesAndSummary() throws {
        let out = "\(folder)/out"
        let result = try CLI.run(["synth", "--images", CLI.sample("chelsea.png"), CLI.sample("coffee.png"), "--out", out,
                                  "--types", "haze,low-light,rain", "--per-image", "2", "--seed", "4", "--workers", "2"])
        XCTAssertEqual(result.status, 0, result.stderr)

        let lines = result.stderr.split(separator: "\n").map(String.init)
        XCTAssertGreaterThanOrEqual(lines.count, 2, result.stderr)
        var done: [Int] = []
        for line in lines {
            let range = NSRange(line.startIndex..., in: line)
            guard let match = progressLine.firstMatch(in: line, range: range) else {
                XCTFail("not a progress line: '\(line)'")
                continue
            }
            done.append(Int(line[Range(match.range(at: 1), in: line)!])!)
        }
        XCTAssertEqual(done.first, 0, "the bar starts at 0")
        XCTAssertEqual(done.last, 12, "the bar ends at the total")
        XCTAssertEqual(done, done.sorted())
        let last = lines.last!
        XCTAssertTrue(last.contains(String(repeating: "█", count: 30)), last)
        XCTAssertTrue(last.hasSuffix("ETA 0s"), last)
        XCTAssertFalse(last.contains(" 0.00 img/s"), "a finished run reports its throughput: \(last)")

        // Summary: counts per type, then per type a target and a measured histogram.
        let summary = result.stdout
        for type in ["haze", "low-light", "rain"] {
            XCTAssertTrue(summary.contains("  \(type): 4\n"), summary)
            XCTAssertTrue(summary.contains("\(type): mu histogram, target against measured"), summary)
        }
        let records = try SynthOutput.manifestLines("\(out)/manifest-0-of-1.jsonl")
        for type in ["haze", "low-light", "rain"] {
            let mine = records.filter { $0["type"] as? String == type }
            let rows = histogramRows(summary, type: type)
            XCTAssertEqual(rows.map(\.target).reduce(0, +), 4, "\(type) target counts")
            XCTAssertEqual(rows.map(\.measured).reduce(0, +), 4, "\(type) measured counts")
            for row in rows {
                let measuredHere = mine.filter { row.range.contains($0["measured_mu"] as! Double) }.count
                let targetHere = mine.filter { row.range.contains($0["target_mu"] as! Double) }.count
                XCTAssertEqual(row.measured, measuredHere, "\(type) \(row.range): measured count from the manifest")
                XCTAssertEqual(row.target, targetHere, "\(type) \(row.range): target count from the manifest")
            }
        }
        XCTAssertTrue(summary.contains("manifest: \(out)/manifest-0-of-1.jsonl"), summary)
    }

    /// Rows "  0.05-0.10       2 ██...   1 █... 0.0012" of one type's histogram.
    func histogramRows(_ summary: String, type: String) -> [(range: Range<Double>, target: Int, measured: Int)] {
        let lines = summary.split(separator: "\n").map(String.init)
        guard let header = lines.firstIndex(of: "\(type): mu histogram, target against measured") else { return [] }
        var rows: [(Range<Double>, Int, Int)] = []
        for line in lines[(header + 2)...] {
            let fields = line.split(separator: " ").filter { !$0.allSatisfy { $0 == "█" } }
            guard fields.count == 4, let bounds = Optional(fields[0].split(separator: "-")), bounds.count == 2,
                  let low = Double(bounds[0]), let high = Double(bounds[1]), let target = Int(fields[1]), let measured = Int(fields[2])
            else { break }
            rows.append((low..<high, target, measured))
        }
        return rows
    }
}
