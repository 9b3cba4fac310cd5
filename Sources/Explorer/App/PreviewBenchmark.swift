import Foundation
import GenDegEngine

extension ExplorerApp {
    /// Measures the explorer's physical preview path headless, as the UI loop runs it: a key
    /// press (`]` or `[`, the coarse intensity step) handled by the view model, the session's
    /// physical lane, the loop's polling, and the pane renderer's sixel encoding, until the
    /// new bytes are ready to write. 160x48 layout, 10x20-pixel cells, a 512 px image, the
    /// type's default restorers running beside it as they would. Every type is measured;
    /// returns milliseconds: the median per type, the median over all presses and the worst
    /// type's median.
    public static func benchmarkPhysicalPreview(imagePath: String, pressesPerType: Int = 10,
                                                options: ExplorerOptions = ExplorerOptions()) throws -> [String: Double] {
        var configuration = try configuration(for: options)
        configuration.workingSize = 512
        configuration.diffusion = nil
        let session = ExplorerSession(imagePaths: [imagePath], configuration: configuration)
        guard session.waitUntilIdle(), session.clean != nil else {
            throw GenerationError.failed("\(imagePath): \(session.notice?.text ?? "could not load")")
        }
        let model = ExplorerViewModel(session: session, themes: ThemeStore(themes: [Theme.builtinDark]))
        let layout = ScreenLayout(rows: 48, cols: 160, panes: session.paneOrder, zoomed: nil, imageCount: 1)
        let area = layout.panes.first { $0.kind == .physical }!.imageArea
        let renderer = PaneImageRenderer(setup: GraphicsSetup(mode: .sixel, cellWidth: 10, cellHeight: 20))
        var results: [String: Double] = [:]
        var all: [Double] = [], bytes: [Double] = []
        for type in DegradationType.allCases {
            session.setType(type)
            session.setTargetMu(0)
            _ = session.waitUntilIdle()
            var times: [Double] = []
            var rising = true
            while times.count < pressesPerType {
                // Sweep the slider up and down in coarse steps, as a user looking for a level.
                if rising && session.targetMu + ExplorerViewModel.coarseStep > session.muLimit { rising = false }
                if !rising && session.targetMu - ExplorerViewModel.coarseStep < 0 { rising = true }
                let before = session.pane(.physical).version
                let start = DispatchTime.now().uptimeNanoseconds
                model.handle(.char(rising ? "]" : "["))
                let placed = try waitForPlacedImage(session: session, renderer: renderer, area: area, after: before)
                times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
                bytes.append(Double(placed.bytes.count))
                _ = session.waitUntilIdle()  // let the restorers finish before the next press
            }
            results["\(type.rawValue)_keypress_to_sixel_ms"] = median(times)
            all += times
        }
        results["keypress_to_sixel_ms"] = median(all)
        results["worst_type_keypress_to_sixel_ms"] = DegradationType.allCases
            .compactMap { results["\($0.rawValue)_keypress_to_sixel_ms"] }.max()
        results["sixel_bytes"] = median(bytes)
        results["pane_width_px"] = Double(area.cols * 10)
        results["presses"] = Double(all.count)
        return results
    }

    /// Polls as ExplorerLoop does (pump, then request the pane's bytes, sleeping for the loop's
    /// input timeout in between) until the physical pane's new image is encoded.
    private static func waitForPlacedImage(session: ExplorerSession, renderer: PaneImageRenderer, area: CellRect,
                                           after version: Int) throws -> GraphicsSetup.Placed {
        while true {
            session.pump()
            let pane = session.pane(.physical)
            if case .failed(let why) = pane.phase { throw GenerationError.failed(why) }
            if pane.version != version, let image = pane.image {
                let request = PaneImageRenderer.Request(kind: .physical, version: pane.version, area: area,
                                                        background: RGBColor(0, 0, 0), imageID: 1)
                if let placed = renderer.placed(for: request, image: image) { return placed }
            }
            usleep(UInt32(ExplorerLoop.inputTimeoutMilliseconds(waiting: true) * 1000))
        }
    }

    private static func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }
}
