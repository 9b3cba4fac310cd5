import Foundation
import GenDegEngine

/// The UI thread's loop: read keys, apply results, repaint, place images. Nothing here
/// waits on work: keys are read with a short timeout and results are polled.
final class ExplorerLoop {
    let model: ExplorerViewModel
    let setup: GraphicsSetup
    private let surface: CursesSurface
    private let renderer: PaneImageRenderer
    private var placed: [PaneKind: PaneImageRenderer.Request] = [:]
    /// The cells each pane's image last covered.
    private var covered: [PaneKind: CellRect] = [:]
    private var coverEpoch = -1
    private var themeShown = -1
    private var lastTick = Date()
    private var paintedLayout: ScreenLayout?

    /// How long a key read may block. While a preview is being made or encoded the loop polls
    /// every few milliseconds, so a finished image reaches the screen at once; idle, it sleeps longer.
    static func inputTimeoutMilliseconds(waiting: Bool) -> Int { waiting ? 3 : 30 }

    init(model: ExplorerViewModel, setup: GraphicsSetup) {
        self.model = model
        self.setup = setup
        surface = CursesSurface(colors: Curses.colorCount)
        renderer = PaneImageRenderer(setup: setup)
    }

    func run() {
        var dirty = true
        while !model.shouldQuit {
            var keys: [Key] = []
            Curses.setInputTimeout(milliseconds: Self.inputTimeoutMilliseconds(waiting: model.session.isBusy || renderer.isEncoding))
            if let first = Curses.readKey() {
                keys.append(first)
                // Take everything already typed (a held key repeats fast), then paint once.
                Curses.setInputTimeout(milliseconds: 0)
                while keys.count < 64, let next = Curses.readKey() { keys.append(next) }
            }
            for key in keys { model.handle(key) }
            if !keys.isEmpty { dirty = true }
            if model.session.pump() { dirty = true }
            if model.session.isBusy && Date().timeIntervalSince(lastTick) > 0.25 {
                dirty = true
                lastTick = Date()
            }
            if dirty {
                paint()
                dirty = false
            }
            placeImages()
        }
    }

    private var layout: ScreenLayout {
        let size = Curses.size
        model.setScreenSize(rows: size.rows, cols: size.cols)
        let aspect = model.session.clean.map { Double($0.width) / Double($0.height) } ?? 1
        return ScreenLayout(rows: size.rows, cols: size.cols, panes: model.session.paneOrder, zoomed: model.zoomed,
                            imageCount: model.session.imagePaths.count, imageAspect: aspect)
    }

    private func paint() {
        if themeShown != model.themeIndex {
            surface.apply(model.theme)
            themeShown = model.themeIndex
        }
        let layout = layout
        if coverEpoch != model.coverEpoch || layout != paintedLayout {
            // Overlays, zoom, resize and theme changes repaint every cell, which wipes the
            // images; they are all sent again below.
            Curses.forceFullRepaint()
            coverEpoch = model.coverEpoch
            paintedLayout = layout
            placed.removeAll()
            covered.removeAll()
        }
        Curses.erase()
        ScreenPainter(model: model, layout: layout, graphicsEnabled: setup.mode != .none).paint(on: surface)
        Curses.refresh()
    }

    private func placeImages() {
        guard setup.mode == .sixel || setup.mode == .blocks else { return }
        let layout = layout
        guard layout.tooSmallMessage == nil else { return }
        let overlays = model.overlayFrames(rows: layout.rows, cols: layout.cols)
        // Letterbox with the colour the terminal really shows behind text: the palette entry
        // curses was given, not the theme's exact colour.
        let background = ColorMapping.xterm256Color(ColorMapping.xterm256(model.theme.style(.pane).background))
        var lostImage = false
        for pane in layout.panes where !pane.imageArea.isEmpty {
            if overlays.contains(where: pane.frame.intersects) { continue }
            guard let image = model.session.pane(pane.kind).image else {
                if placed[pane.kind] != nil { lostImage = true }
                continue
            }
            let request = PaneImageRenderer.Request(kind: pane.kind, version: model.session.pane(pane.kind).version,
                                                    area: pane.imageArea, background: background)
            if placed[pane.kind] == request { continue }
            if let result = renderer.placed(for: request, image: image) {
                if let old = covered[pane.kind], old != result.cells {
                    // The image covers other cells than before: repaint to clear the old ones.
                    lostImage = true
                    break
                }
                Curses.writeRaw(result.bytes)
                placed[pane.kind] = request
                covered[pane.kind] = result.cells
            }
        }
        if lostImage {
            // A pane that had an image has none now: only a full repaint removes the old pixels.
            coverEpoch = -1
            paint()
        }
    }
}
