import Foundation
import GenDegEngine

/// Encodes pane images off the UI thread. Each pane keeps only its newest request: an
/// older one still queued is skipped, so dragging the slider never builds a backlog.
final class PaneImageRenderer: @unchecked Sendable {
    struct Request: Equatable {
        var kind: PaneKind
        var version: Int
        var area: CellRect
        var background: RGBColor
        var imageID: Int
    }

    private let setup: GraphicsSetup
    private let queue = DispatchQueue(label: "gendeg.explorer.render", qos: .userInitiated)
    private let lock = NSLock()
    private var latest: [PaneKind: Request] = [:]
    private var finished: [PaneKind: (Request, GraphicsSetup.Placed)] = [:]

    init(setup: GraphicsSetup) { self.setup = setup }

    /// The encoded bytes for exactly this request, if done; otherwise schedules it.
    func placed(for request: Request, image: RGBImage) -> GraphicsSetup.Placed? {
        lock.lock()
        if let done = finished[request.kind], done.0 == request {
            lock.unlock()
            return done.1
        }
        let alreadyQueued = latest[request.kind] == request
        latest[request.kind] = request
        lock.unlock()
        if alreadyQueued { return nil }
        let setup = setup
        queue.async { [self] in
            guard isLatest(request) else { return }
            let placed = (try? setup.encode(image, area: request.area, background: request.background, imageID: request.imageID))
                ?? GraphicsSetup.Placed(bytes: [], cells: request.area)
            lock.lock()
            finished[request.kind] = (request, placed)
            lock.unlock()
        }
        return nil
    }

    /// Whether a requested image is still being encoded.
    var isEncoding: Bool {
        lock.lock(); defer { lock.unlock() }
        return latest.contains { kind, request in finished[kind]?.0 != request }
    }

    private func isLatest(_ request: Request) -> Bool {
        lock.lock(); defer { lock.unlock() }
        return latest[request.kind] == request
    }
}
