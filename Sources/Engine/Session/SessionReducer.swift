/// Applies one event from background work to the session's state, with no side effects: what
/// should run next comes back as effects. Stale events (superseded tokens) are filtered by the
/// scheduler before they get here.
enum SessionReducer {
    static func reduce(_ state: inout SessionState, _ event: SessionEvent) -> [SessionEffect] {
        switch event {
        case .cleanLoaded(_, let path, let image, let size):
            guard path == state.currentImagePath else { return [] }
            state.clean = image
            state.originalSize = size
            state.jobs[.load] = nil
            var clean = PaneState(phase: .ready)
            clean.image = image
            clean.version = state.nextVersion()
            clean.metrics = PaneMetrics(psnr: .infinity, ssim: 1)
            state.outputs[.clean] = clean
            return [.degradationChanged]
        case .loadFailed(_, let text):
            state.jobs[.load] = nil
            state.notice = .error(text)
            state.outputs[.clean] = PaneState(phase: .failed(text))
            return []
        case .progress(let lane, _, let output, let step, let total, let preview):
            state.jobs[lane]?.step = step
            state.jobs[lane]?.total = total
            var pane = state.output(output)
            pane.phase = .running(step: step, total: total)
            if let preview {
                pane.image = preview
                pane.version = state.nextVersion()
            }
            state.outputs[output] = pane
            return []
        case .generated(let lane, _, let output, let result, let stats):
            state.jobs[lane] = nil
            var pane = state.output(output)
            pane.phase = .ready
            pane.image = result.image
            pane.generated = result
            pane.stats = stats
            pane.metrics = nil
            pane.version = state.nextVersion()
            state.outputs[output] = pane
            var effects: [SessionEffect] = [.measure(output, image: result.image, version: pane.version)]
            if output == .physical && state.restoreSource == .physical || output == .diffusion && state.restoreSource == .diffusion {
                effects.append(.startRestorers)
            }
            return effects
        case .restored(_, let name, let source, let image):
            guard state.shownRestorers.contains(name) else { return [] }
            var pane = state.output(.restored(name))
            pane.phase = .ready
            pane.image = image
            pane.restoredFrom = source
            pane.metrics = nil
            pane.version = state.nextVersion()
            state.outputs[.restored(name)] = pane
            if state.shownRestorers.allSatisfy({ state.output(.restored($0)).phase == .ready }) { state.jobs[.restore] = nil }
            return [.measure(.restored(name), image: image, version: pane.version)]
        case .metrics(let output, let version, let metrics):
            guard state.outputs[output]?.version == version else { return [] }
            state.outputs[output]?.metrics = metrics
            return []
        case .failed(let lane, _, let output, let text):
            if lane != .restore { state.jobs[lane] = nil }
            state.outputs[output]?.phase = .failed(text)
            state.notice = .error(text)
            return []
        case .cancelled(let lane, _, let output):
            state.jobs[lane] = nil
            state.outputs[output]?.phase = .cancelled
            return []
        case .exported(let paths, let folder):
            state.jobs[.export] = nil
            state.notice = state.exports.finished(paths: paths, folder: folder)
            return []
        case .exportFailed(let text):
            state.jobs[.export] = nil
            state.notice = .error("export failed: \(text)")
            return []
        }
    }
}
