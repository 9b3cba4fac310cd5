/// What background work reports back to the session's thread.
enum SessionEvent: Sendable {
    case cleanLoaded(token: Int, path: String, image: RGBImage, originalSize: ImageSize)
    case loadFailed(token: Int, message: String)
    case progress(lane: SessionLane, token: Int, output: SessionOutput, step: Int, total: Int, preview: RGBImage?)
    case generated(lane: SessionLane, token: Int, output: SessionOutput, result: GeneratedImage, stats: DegradationStats)
    case restored(token: Int, name: String, source: DegradedSource, image: RGBImage)
    case metrics(output: SessionOutput, version: Int, metrics: PaneMetrics)
    case failed(lane: SessionLane, token: Int, output: SessionOutput, message: String)
    case cancelled(lane: SessionLane, token: Int, output: SessionOutput)
    case exported(paths: [String], folder: String)
    case exportFailed(message: String)

    /// The lane and token the work was started with; nil for work that nothing supersedes.
    var ticket: (lane: SessionLane, token: Int)? {
        switch self {
        case .cleanLoaded(let token, _, _, _), .loadFailed(let token, _): return (.load, token)
        case .progress(let lane, let token, _, _, _, _), .generated(let lane, let token, _, _, _),
             .failed(let lane, let token, _, _), .cancelled(let lane, let token, _):
            return (lane, token)
        case .restored(let token, _, _, _): return (.restore, token)
        case .metrics, .exported, .exportFailed: return nil
        }
    }
}
