import Foundation
import GenDegEngine

/// Draws every text part of the explorer for one frame; images are placed separately.
public struct ScreenPainter {
    public let model: ExplorerViewModel
    public let layout: ScreenLayout
    /// False when images are not drawn at all (--graphics none): panes then describe them in words.
    public let graphicsEnabled: Bool

    public init(model: ExplorerViewModel, layout: ScreenLayout, graphicsEnabled: Bool) {
        self.model = model
        self.layout = layout
        self.graphicsEnabled = graphicsEnabled
    }

    private var session: ExplorerSession { model.session }

    public func paint(on surface: TextSurface, now: Date = Date()) {
        for row in 0..<layout.rows { surface.fill(row: row, col: 0, count: layout.cols, style: .text) }
        if let message = layout.tooSmallMessage {
            paintCentered(message, on: surface)
            return
        }
        paintHeader(on: surface)
        if model.zoomed != nil {
            for pane in layout.panes { paintPane(pane, on: surface, focused: true) }
        } else {
            paintImages(on: surface)
            paintDegradation(on: surface)
            paintGenerator(on: surface)
            paintIntensity(on: surface)
            for (index, pane) in layout.panes.enumerated() {
                paintPane(pane, on: surface, focused: model.focus == .panes && index == model.selectedPane)
            }
        }
        paintStatus(on: surface, now: now)
        model.paintOverlays(on: surface, rows: layout.rows, cols: layout.cols)
    }

    // MARK: - Pieces

    private func paintCentered(_ message: String, on surface: TextSurface) {
        let width = max(10, min(layout.cols - 2, 60))
        let lines = wrap(message, width: width)
        let top = max(0, (layout.rows - lines.count) / 2)
        for (i, line) in lines.enumerated() where top + i < layout.rows {
            surface.put(clip(line, layout.cols), row: top + i, col: max(0, (layout.cols - line.count) / 2), style: .error)
        }
    }

    private func paintHeader(on surface: TextSurface) {
        surface.fill(row: 0, col: 0, count: layout.cols, style: .header)
        var parts = ["gendeg"]
        if let path = session.currentImagePath {
            let name = (path as NSString).lastPathComponent
            let size = session.clean.map { " \($0.width)x\($0.height)" } ?? ""
            parts.append(name + size)
        }
        parts.append("\(session.type.displayName)")
        parts.append("seed \(session.seed)")
        parts.append("theme \(model.theme.name)")
        if !session.marks.isEmpty { parts.append("\(session.marks.count) marked") }
        let left = " " + parts.joined(separator: "  ·  ")
        let right = "? help  q quit "
        surface.put(clip(left, layout.cols - right.count - 1), row: 0, col: 0, style: .header)
        if layout.cols > left.count + right.count { surface.put(right, row: 0, col: layout.cols - right.count, style: .header) }
    }

    private func paintBox(_ rect: CellRect, title: String, focused: Bool, on surface: TextSurface) {
        guard rect.rows >= 2, rect.cols >= 2 else { return }
        let border: ThemeElement = focused ? .borderFocused : .border
        let horizontal = String(repeating: "─", count: rect.cols - 2)
        surface.put("┌" + horizontal + "┐", row: rect.row, col: rect.col, style: border)
        for row in (rect.row + 1)..<rect.bottom {
            surface.put("│", row: row, col: rect.col, style: border)
            surface.put("│", row: row, col: rect.right, style: border)
        }
        surface.put("└" + horizontal + "┘", row: rect.bottom, col: rect.col, style: border)
        surface.put(clip(" \(title) ", rect.cols - 3), row: rect.row, col: rect.col + 2, style: focused ? .titleFocused : .title)
    }

    private func paintImages(on surface: TextSurface) {
        let rect = layout.images
        paintBox(rect, title: "Images", focused: model.focus == .images, on: surface)
        let inside = rect.interior
        guard inside.rows > 0 else { return }
        let entries = session.imagePaths.map { ($0 as NSString).lastPathComponent } + ["+ open path…"]
        let first = max(0, min(model.imageCursor - inside.rows + 1, entries.count - inside.rows))
        for (offset, index) in (first..<min(entries.count, first + inside.rows)).enumerated() {
            let loaded = index == session.selectedImage && index < session.imagePaths.count
            let cursor = index == model.imageCursor && model.focus == .images
            let text = (loaded ? "● " : "  ") + entries[index]
            surface.put(pad(text, inside.cols), row: inside.row + offset, col: inside.col,
                        style: cursor ? .selection : (loaded ? .accent : .text))
        }
    }

    private func paintDegradation(on surface: TextSurface) {
        let rect = layout.degradation
        paintBox(rect, title: "Degradation", focused: model.focus == .degradation, on: surface)
        let inside = rect.interior
        for (offset, type) in DegradationType.allCases.enumerated() where offset < inside.rows {
            let current = type == session.type
            let text = (current ? "▶ " : "  ") + type.displayName
            surface.put(pad(text, inside.cols), row: inside.row + offset, col: inside.col,
                        style: current ? (model.focus == .degradation ? .selection : .accent) : .text)
        }
    }

    private func paintGenerator(on surface: TextSurface) {
        let rect = layout.generator
        paintBox(rect, title: "Generator", focused: model.focus == .generator, on: surface)
        let inside = rect.interior
        let settings = session.settings
        let values: [(GeneratorField, String)] = [
            (.generator, "generator \(generatorChoiceText)"),
            (.seed, "seed      \(session.seed)"),
            (.steps, "steps     \(settings.steps)"),
            (.sampler, "sampler   \(settings.sampler.rawValue)"),
            (.textGuidance, "cfg text  \(String(format: "%.1f", settings.textGuidance))"),
            (.imageGuidance, "cfg image \(String(format: "%.1f", settings.imageGuidance))"),
        ]
        for (offset, (field, text)) in values.enumerated() where offset < inside.rows {
            let selected = model.focus == .generator && model.generatorField == field
            surface.put(pad(text, inside.cols), row: inside.row + offset, col: inside.col, style: selected ? .selection : .text)
        }
    }

    /// The generator control's value: the generator whose image the restorers use, with arrows
    /// when the other one can be chosen.
    private var generatorChoiceText: String {
        let name = session.restoreSource.rawValue
        return session.diffusionAvailable ? "◀\(name)▶" : name
    }

    private func paintIntensity(on surface: TextSurface) {
        let rect = layout.intensity
        paintBox(rect, title: "Intensity · \(session.type.displayName)", focused: model.focus == .intensity, on: surface)
        let inside = rect.interior
        let label = String(format: "mu %.3f ", session.targetMu)
        let trackCol = inside.col + label.count
        let measured = session.pane(.physical).stats.map { String(format: "  measured mu %.3f σ %.3f", $0.mu, $0.sigma) } ?? "  measured —"
        let hint = "  ←/→ 0.005  [ ] 0.05  0 clean"
        // A fixed side column keeps the track, and the histogram under it, from moving.
        let sideWidth = 31
        let trackWidth = max(10, inside.cols - label.count - sideWidth)
        surface.put(label, row: inside.row, col: inside.col, style: .accent)
        let slider = IntensityGraphics.slider(position: session.sliderPosition, width: trackWidth)
        surface.put(slider.track, row: inside.row, col: trackCol, style: .sliderTrack)
        surface.put("●", row: inside.row, col: trackCol + slider.knob, style: .sliderKnob)
        surface.put(clip(measured, inside.right - (trackCol + trackWidth)), row: inside.row, col: trackCol + trackWidth, style: .metrics)

        let limit = session.muLimit
        let catalog = session.configuration.catalog
        let line = IntensityGraphics.sparkline(counts: catalog.pooledMuCounts(for: session.type), binWidth: catalog.muBinWidth,
                                               muLimit: limit, width: trackWidth)
        surface.put(clip("real", label.count), row: inside.row + 1, col: inside.col, style: .dim)
        surface.put(line, row: inside.row + 1, col: trackCol, style: .sparkline)
        surface.put(clip(String(format: "  target σ %.3f  max mu %.2f", session.targetSigma, limit), inside.right - (trackCol + trackWidth)),
                    row: inside.row + 1, col: trackCol + trackWidth, style: .dim)
        let labels = IntensityGraphics.datasetLabels(catalog.datasets(for: session.type), muLimit: limit, width: trackWidth, lines: 2)
        for (i, text) in labels.enumerated() where inside.row + 2 + i < inside.bottom {
            surface.put(text, row: inside.row + 2 + i, col: trackCol, style: .datasetLabel)
        }
        let diffusionName = session.configuration.diffusion?.name ?? "none (\(ExplorerSession.noDiffusionMessage))"
        let generators = "generator  \(session.configuration.physical.name) + diffusion: \(diffusionName)"
        surface.put(clip(generators + hint, inside.cols), row: inside.bottom, col: inside.col, style: .dim)
    }

    private func paneTitle(_ kind: PaneKind) -> String {
        let state = session.pane(kind)
        var title: String
        switch kind {
        case .clean: title = "Clean"
        case .physical: title = "Physical · \(session.type.displayName)"
        case .diffusion: title = "\(session.configuration.diffusion?.name ?? "Diffusion") · \(session.type.displayName)"
        case .restored(let name): title = "\(name) ← \(state.restoredFrom?.rawValue ?? session.restoreSource.rawValue)"
        }
        if case .running(let step, let total) = state.phase, total > 1 { title += " · step \(step)/\(total)" }
        return title
    }

    private func paintPane(_ pane: PaneLayout, on surface: TextSurface, focused: Bool) {
        paintBox(pane.frame, title: paneTitle(pane.kind), focused: focused, on: surface)
        let state = session.pane(pane.kind)
        let area = pane.imageArea
        // The image area in the pane colour, which is also what images are letterboxed with.
        for row in area.row..<(area.row + max(0, area.rows)) { surface.fill(row: row, col: area.col, count: area.cols, style: .pane) }
        let middle = area.row + area.rows / 2
        var note: String?
        switch state.phase {
        case .empty: note = pane.kind == .diffusion ? "press g to generate" : (state.image == nil ? "waiting…" : nil)
        case .running: note = state.image == nil ? "working…" : nil
        case .stale: note = state.image == nil ? "press g to generate" : nil
        case .unavailable(let why): note = why
        case .failed(let why): note = "failed: \(why)"
        case .cancelled: note = state.image == nil ? "cancelled" : nil
        case .ready: note = nil
        }
        if note == nil, state.image != nil, !graphicsEnabled {
            note = "[image \(state.image!.width)x\(state.image!.height)]"
        }
        if let note, area.rows > 0 {
            for (i, line) in wrap(note, width: max(1, area.cols - 2)).prefix(max(1, area.rows)).enumerated() {
                surface.put(line, row: middle + i, col: area.col + max(0, (area.cols - line.count) / 2), style: .dim)
            }
        }
        var metrics: [String] = []
        if let stats = state.stats, pane.kind.isDegraded { metrics.append(String(format: "mu %.3f σ %.3f", stats.mu, stats.sigma)) }
        if pane.kind == .clean, let clean = session.clean { metrics.append("\(clean.width)x\(clean.height)") }
        if let m = state.metrics, pane.kind != .clean {
            metrics.append(m.psnr.isFinite ? String(format: "PSNR %.1f", m.psnr) : "PSNR ∞")
            metrics.append(String(format: "SSIM %.3f", m.ssim))
        }
        if state.phase == .stale { metrics.append("stale: g regenerates") }
        surface.put(clip(" " + metrics.joined(separator: "  "), area.cols), row: pane.metricsRow, col: area.col, style: .metrics)
    }

    private func paintStatus(on surface: TextSurface, now: Date) {
        let rect = layout.status
        surface.fill(row: rect.row, col: 0, count: rect.cols, style: .status)
        if let command = model.commandLine {
            surface.put(clip(":" + command + "█", rect.cols), row: rect.row, col: 0, style: .commandLine)
            return
        }
        let right = "e export  m mark (\(session.marks.count))  ? help "
        var col = 1
        let running = SessionLane.allCases.compactMap { lane in session.jobs[lane] }
        if let job = running.max(by: { $0.total < $1.total }) {
            let bar = IntensityGraphics.progressBar(step: job.step, total: job.total, width: 20)
            let done = bar.prefix { $0 == "█" }
            surface.put(String(done), row: rect.row, col: col, style: .progressDone)
            surface.put(String(bar.dropFirst(done.count)), row: rect.row, col: col + done.count, style: .progressTodo)
            col += bar.count + 1
            var text = "\(job.label) \(job.step)/\(job.total)"
            if let left = job.secondsLeft(now: now) { text += " · \(IntensityGraphics.duration(left)) left" }
            text += " · Esc cancels"
            if running.count > 1 { text += " (+\(running.count - 1) more)" }
            surface.put(clip(text, rect.cols - col - right.count - 1), row: rect.row, col: col, style: .status)
            col += text.count + 2
        }
        if let notice = model.notice, col < rect.cols - right.count - 4 {
            surface.put(clip(notice.text, rect.cols - right.count - col - 1), row: rect.row, col: col,
                        style: notice.severity == .error ? .error : .status)
        } else if running.isEmpty && model.notice == nil {
            surface.put("ready", row: rect.row, col: col, style: .status)
        }
        if rect.cols > right.count { surface.put(right, row: rect.row, col: rect.cols - right.count, style: .status) }
    }

    // MARK: - Text helpers

    private func clip(_ text: String, _ width: Int) -> String { TextFit.clip(text, width) }
    private func pad(_ text: String, _ width: Int) -> String { TextFit.pad(text, width) }
    private func wrap(_ text: String, width: Int) -> [String] { TextFit.wrap(text, width: width) }
}
