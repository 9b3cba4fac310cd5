import Foundation
import GenDegEngine

extension ExplorerApp {
    /// Measures the explorer's physical preview path headless: from a slider change (what a
    /// key press does) to the sixel bytes for the physical pane, at a 160x48 layout with
    /// 10x20-pixel cells, for a 512 px image. Returns medians in milliseconds.
    public static func benchmarkPhysicalPreview(imagePath: String, iterations: Int = 15,
                                                options: ExplorerOptions = ExplorerOptions()) throws -> [String: Double] {
        var configuration = try configuration(for: options)
        configuration.restorers = []
        configuration.workingSize = 512
        let session = ExplorerSession(imagePaths: [imagePath], configuration: configuration)
        guard session.waitUntilIdle(), session.clean != nil else {
            throw GenerationError.failed("\(imagePath): \(session.message ?? "could not load")")
        }
        let layout = ScreenLayout(rows: 48, cols: 160, panes: session.paneOrder, zoomed: nil, imageCount: 1)
        let area = layout.panes.first { $0.kind == .physical }!.imageArea
        let setup = GraphicsSetup(mode: .sixel, cellWidth: 10, cellHeight: 20)
        var total: [Double] = [], generate: [Double] = [], encode: [Double] = [], bytes: [Double] = []
        // Distinct targets inside the slider's range, alternating low and high like a user
        // sweeping back and forth.
        let top = session.muLimit * 0.9
        let targets = (0..<max(2, iterations)).map { i in 0.02 + (top - 0.02) * Double(i) / Double(max(2, iterations) - 1) }
        for mu in targets {
            let before = session.pane(.physical).version
            let start = DispatchTime.now().uptimeNanoseconds
            session.setTargetMu(mu)
            guard session.pane(.physical).version != before || session.jobs[.physical] != nil else { continue }
            while session.pane(.physical).version == before {
                session.pump()
                if case .failed(let why) = session.pane(.physical).phase { throw GenerationError.failed(why) }
                usleep(200)
            }
            let generated = DispatchTime.now().uptimeNanoseconds
            let sixel = try setup.encode(session.pane(.physical).image!, area: area, background: RGBColor(0, 0, 0)).bytes
            let done = DispatchTime.now().uptimeNanoseconds
            total.append(Double(done - start) / 1e6)
            generate.append(Double(generated - start) / 1e6)
            encode.append(Double(done - generated) / 1e6)
            bytes.append(Double(sixel.count))
        }
        func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }
        return [
            "keypress_to_sixel_ms": median(total), "generate_ms": median(generate), "sixel_encode_ms": median(encode),
            "sixel_bytes": median(bytes), "pane_width_px": Double(area.cols * 10), "pane_height_px": Double(area.rows * 20 / 6 * 6),
            "iterations": Double(targets.count),
        ]
    }
}
