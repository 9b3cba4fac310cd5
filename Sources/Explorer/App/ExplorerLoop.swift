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
    /// The image each pane last sent in full: a kitty terminal keeps its data, so showing it
    /// again is a placement without data.
    private var held: [PaneKind: (request: PaneImageRenderer.Request, placed: GraphicsSetup.Placed)] = [:]
    /// Kitty image ids, one per pane, reused for each new image of the pane.
    private var imageIDs: [PaneKind: Int] = [:]
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
        for id in imageIDs.values { Curses.writeRaw(setup.release(imageID: id)) }
    }

    private func imageID(for kind: PaneKind) -> Int {
        if let id = imageIDs[kind] { return id }
        // Ids stay below 256, so kitty's placeholder cells can name them in a 256-colour
        // foreground (which tmux passes unchanged); more panes than that never share a screen.
        let id = imageIDs.count % 255 + 1
        imageIDs[kind] = id
        return id
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
            Curses.forceFullRepaint(clearing: setup.mode != .kitty)
            coverEpoch = model.coverEpoch
            paintedLayout = layout
            // Kitty images float above the text: take them off, so an overlay or a moved pane
            // is not hidden under one; those still in place come back without their data.
            for kind in placed.keys { if let hide = held[kind]?.placed.hide { Curses.writeRaw(hide) } }
            placed.removeAll()
            covered.removeAll()
        }
        Curses.erase()
        ScreenPainter(model: model, layout: layout, graphicsEnabled: setup.mode.drawsImages).paint(on: surface)
        Curses.refresh()
    }

    private func placeImages() {
        guard setup.mode.drawsImages else { return }
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
                if placed[pane.kind] != nil {
                    if let hide = held[pane.kind]?.placed.hide, !hide.isEmpty {
                        Curses.writeRaw(hide)
                        placed[pane.kind] = nil
                        covered[pane.kind] = nil
                    } else {
                        lostImage = true
                    }
                }
                continue
            }
            let request = PaneImageRenderer.Request(kind: pane.kind, version: model.session.pane(pane.kind).version,
                                                    area: pane.imageArea, background: background, imageID: imageID(for: pane.kind))
            if placed[pane.kind] == request { continue }
            let bytes: [UInt8], result: GraphicsSetup.Placed
            if let kept = held[pane.kind], kept.request == request {
                result = kept.placed
                bytes = result.again
            } else if let fresh = renderer.placed(for: request, image: image) {
                result = fresh
                bytes = fresh.bytes
            } else {
                continue
            }
            if let old = covered[pane.kind], old != result.cells {
                // The image covers other cells than before: take the old one off (kitty), or
                // repaint to clear the old cells.
                guard let hide = held[pane.kind]?.placed.hide, !hide.isEmpty else {
                    lostImage = true
                    break
                }
                Curses.writeRaw(hide)
            }
            Curses.writeRaw(bytes)
            held[pane.kind] = (request, result)
            placed[pane.kind] = request
            covered[pane.kind] = result.cells
        }
        if lostImage {
            // A pane that had an image has none now: only a full repaint removes the old pixels.
            coverEpoch = -1
            paint()
        }
    }
}
