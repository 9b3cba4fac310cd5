import Foundation

/// The explorer's model, with no terminal in it: which image, which degradation at which
/// target intensity, which restorers, and the results of the background work that follows
/// every change. All methods are called from one thread (the UI's); the work runs on the
/// scheduler's lanes, and `pump()` hands its results to `SessionReducer`.
public final class ExplorerSession {
    public static let noDiffusionMessage = SessionState.noDiffusionMessage
    public static let initialType = SessionState.initialType

    public private(set) var configuration: Configuration
    public private(set) var state: SessionState
    private let scheduler = JobScheduler()

    public init(imagePaths: [String], configuration: Configuration) {
        self.configuration = configuration
        state = SessionState(imagePaths: imagePaths,
                             settings: configuration.diffusion?.recommendedSettings ?? GeneratorSettings(),
                             restorerSelection: RestorerSelection(following: Self.initialType, among: configuration.restorers),
                             diffusionAvailable: configuration.diffusion != nil)
        if !imagePaths.isEmpty { loadSelectedImage() }
    }

    // MARK: - What is shown

    public var imagePaths: [String] { state.imagePaths }
    public var selectedImage: Int { state.selectedImage }
    public var type: DegradationType { state.type }
    public var targetMu: Double { state.targetMu }
    public var seed: UInt64 { state.seed }
    public var settings: GeneratorSettings { state.settings }
    public var restorerSelection: RestorerSelection { state.restorerSelection }
    public var restoreSource: DegradedSource { state.restoreSource }
    public var clean: RGBImage? { state.clean }
    public var originalSize: ImageSize { state.originalSize }
    public var jobs: [SessionLane: JobProgress] { state.jobs }
    public var marks: [ExportMark] { state.exports.marks }
    public var notice: Notice? { state.notice }
    public var availableRestorers: [Restorer] { configuration.restorers }
    /// The restorer outputs shown, in order.
    public var shownRestorers: [String] { state.shownRestorers }
    public var diffusionAvailable: Bool { state.diffusionAvailable }
    public var currentImagePath: String? { state.currentImagePath }
    public var currentSpec: SampleSpec? { state.currentSpec }
    public var isCurrentMarked: Bool { currentSpec.map(state.exports.isMarked) ?? false }
    public var isBusy: Bool { !state.jobs.isEmpty || !scheduler.isIdle }

    public func pane(_ output: SessionOutput) -> PaneState { state.output(output) }

    public var exportFolder: String {
        get { configuration.exportFolder }
        set { configuration.exportFolder = newValue }
    }

    /// The slider's upper end for the current type: where 99.5% of real images lie, rounded up.
    public var muLimit: Double {
        let catalog = configuration.catalog
        let q = catalog.muQuantile(for: type, fraction: 0.995)
        return min(catalog.muRange.upperBound, max(0.1, (q / 0.05).rounded(.up) * 0.05))
    }

    public var sliderPosition: Double { muLimit > 0 ? targetMu / muLimit : 0 }

    /// The sigma real images of this type and mu typically have.
    public var targetSigma: Double { configuration.catalog.typicalSigma(for: type, mu: targetMu) }

    // MARK: - What the user changes

    public func selectImage(_ index: Int) {
        guard state.imagePaths.indices.contains(index), index != state.selectedImage || state.clean == nil else { return }
        state.selectedImage = index
        loadSelectedImage()
    }

    /// Adds an image (or every PNG/JPEG of a folder) and selects the first one added.
    public func open(path: String) throws {
        let found = try ImageDiscovery.images(at: [path])
        guard let first = found.first else { throw ImageDiscoveryError.noImages(path) }
        for item in found where !state.imagePaths.contains(item) { state.imagePaths.append(item) }
        state.selectedImage = state.imagePaths.firstIndex(of: first)!
        loadSelectedImage()
    }

    public func setType(_ newType: DegradationType) {
        guard newType != state.type else { return }
        state.type = newType
        state.targetMu = min(state.targetMu, muLimit)
        state.restorerSelection.follow(newType, among: configuration.restorers)
        state.dropHiddenRestorerOutputs()
        degradationChanged()
    }

    public func setTargetMu(_ mu: Double) {
        let clampedMu = min(max(0, (mu * 10_000).rounded() / 10_000), muLimit)
        guard clampedMu != state.targetMu else { return }
        state.targetMu = clampedMu
        degradationChanged()
    }

    public func setSeed(_ newSeed: UInt64) {
        guard newSeed != state.seed else { return }
        state.seed = newSeed
        degradationChanged()
    }

    public func setSettings(_ newSettings: GeneratorSettings) {
        guard newSettings != state.settings else { return }
        state.settings = newSettings
        markDiffusionStale()
    }

    /// Shows exactly these restorers, in this order (the user's choice: it no longer follows the type).
    public func setRestorers(_ names: [String]) throws {
        try state.restorerSelection.choose(names, among: configuration.restorers)
        state.dropHiddenRestorerOutputs()
        startRestorers()
    }

    /// Shows the restorer as the last output, or hides it if it is shown (the user's choice).
    public func toggleRestorer(_ name: String) throws {
        try state.restorerSelection.toggle(name, among: configuration.restorers)
        state.dropHiddenRestorerOutputs()
        startRestorers()
    }

    /// Chooses the generator whose image the restorers work on; diffusion only when a model is loaded.
    public func setRestoreSource(_ source: DegradedSource) {
        guard source != state.restoreSource else { return }
        guard source == .physical || state.diffusionAvailable else {
            state.notice = .info(Self.noDiffusionMessage)
            return
        }
        state.restoreSource = source
        startRestorers()
    }

    public func setExportFolder(_ path: String) {
        configuration.exportFolder = (path as NSString).expandingTildeInPath
        state.notice = .info("exports go to \(configuration.exportFolder)")
    }

    /// Starts the diffusion generator on the current sample (it is slow, so only on request).
    public func runDiffusion() {
        guard let generator = configuration.diffusion else {
            state.notice = .info(Self.noDiffusionMessage)
            return
        }
        guard let clean = state.clean, state.currentImagePath != nil else { return }
        let token = scheduler.supersede(.diffusion)
        let request = currentRequest(clean: clean)
        let steps = state.settings.steps
        state.outputs[.diffusion] = PaneState(phase: .running(step: 0, total: steps))
        state.jobs[.diffusion] = JobProgress(label: generator.name, step: 0, total: steps, started: Date())
        scheduler.submit(.diffusion) { [scheduler] in
            SessionJobs.generate(lane: .diffusion, output: .diffusion, generator: generator, request: request,
                                 token: token, scheduler: scheduler)
        }
    }

    /// Cancels every job in flight: their tokens move on, so they stop at their next check.
    public func cancelAll() {
        var cancelled: [String] = []
        for lane in [SessionLane.physical, .restore, .diffusion] {
            guard let job = state.jobs[lane] else { continue }
            scheduler.supersede(lane)
            cancelled.append(job.label)
            state.jobs[lane] = nil
            for (output, pane) in state.outputs where lane == SessionLane.of(output) {
                if case .running = pane.phase { state.outputs[output]?.phase = .cancelled }
            }
        }
        state.notice = .info(cancelled.isEmpty ? "nothing to cancel" : "cancelled \(cancelled.joined(separator: ", "))")
    }

    // MARK: - Marks and export

    /// Marks the current sample for a batch export, or unmarks it if it is marked.
    /// Returns false when the sample has no results yet.
    @discardableResult
    public func toggleMark() -> Bool {
        guard let spec = state.currentSpec else { return false }
        var exports = state.exports
        let (changed, notice) = exports.toggle(spec, sample: currentExportable())
        state.exports = exports
        state.notice = notice
        return changed
    }

    /// Exports the marked samples, or the current one when none is marked.
    public func export() {
        let exports = state.exports
        guard let samples = exports.batch(current: currentExportable()) else {
            state.notice = .info("nothing to export yet: wait for the preview")
            return
        }
        let folder = configuration.exportFolder
        state.jobs[.export] = JobProgress(label: "export", step: 0, total: samples.count, started: Date())
        scheduler.submit(.export) { [scheduler] in SessionJobs.export(samples, folder: folder, scheduler: scheduler) }
    }

    /// The current results as an export, once the physical output and every restorer are done.
    public func currentExportable() -> ExportableSample? {
        guard let spec = state.currentSpec, let clean = state.clean else { return nil }
        var degraded: [ExportedDegraded] = []
        for output in [SessionOutput.physical, .diffusion] {
            let pane = state.output(output)
            guard pane.phase == .ready, let generated = pane.generated, let stats = pane.stats else {
                if output == .physical { return nil }
                continue
            }
            let generator = output == .physical ? configuration.physical : configuration.diffusion!
            degraded.append(ExportedDegraded(generator: generator.name, synthetic: generator.isSynthetic, image: generated.image, stats: stats,
                                             intensity: generated.intensity, modelFile: generator.modelFile,
                                             metrics: pane.metrics ?? PaneMetrics.measure(clean: clean, image: generated.image)))
        }
        var restored: [ExportedRestored] = []
        for name in state.shownRestorers {
            let pane = state.output(.restored(name))
            guard pane.phase == .ready, let image = pane.image, let source = pane.restoredFrom else { return nil }
            restored.append(ExportedRestored(restorer: name, source: source, image: image,
                                             metrics: pane.metrics ?? PaneMetrics.measure(clean: clean, image: image)))
        }
        return ExportableSample(spec: spec, sliderPosition: sliderPosition, targetSigma: targetSigma,
                                originalSize: state.originalSize, clean: clean, degraded: degraded, restored: restored)
    }

    // MARK: - Results

    /// Applies the results that arrived since the last call; returns true if anything changed.
    @discardableResult
    public func pump() -> Bool {
        let events = scheduler.take()
        // Checked one at a time: applying an event can supersede the ones after it.
        for event in events where scheduler.isCurrent(event) {
            for effect in SessionReducer.reduce(&state, event) { run(effect) }
        }
        return !events.isEmpty
    }

    /// Waits until every queued job has finished and its results are applied (for tests and
    /// headless use; the UI never calls it).
    public func waitUntilIdle(timeout: TimeInterval = 120) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            pump()
            if scheduler.isIdle && state.jobs.isEmpty { return true }
            usleep(2_000)
        }
        return false
    }

    // MARK: - Scheduling

    private func run(_ effect: SessionEffect) {
        switch effect {
        case .degradationChanged: degradationChanged()
        case .startRestorers: startRestorers()
        case .measure(let output, let image, let version): startMetrics(for: output, image: image, version: version)
        }
    }

    private func loadSelectedImage() {
        guard let path = state.currentImagePath else { return }
        for lane in [SessionLane.physical, .restore, .diffusion] { scheduler.supersede(lane) }
        state.jobs = state.jobs.filter { $0.key == .export }
        state.clean = nil
        state.resetOutputs()
        let token = scheduler.supersede(.load)
        let size = configuration.workingSize
        state.jobs[.load] = JobProgress(label: "loading \((path as NSString).lastPathComponent)", step: 0, total: 1, started: Date())
        scheduler.submit(.load) { [scheduler] in
            SessionJobs.load(path: path, workingSize: size, token: token, scheduler: scheduler)
        }
    }

    private func degradationChanged() {
        markDiffusionStale()
        startPhysical()
    }

    private func markDiffusionStale() {
        scheduler.supersede(.diffusion)
        state.markDiffusionStale()
    }

    private func currentRequest(clean: RGBImage) -> GenerationRequest {
        GenerationRequest(clean: clean, type: state.type, targetMu: state.targetMu, targetSigma: targetSigma, seed: state.seed,
                          settings: state.settings)
    }

    private func startPhysical() {
        guard let clean = state.clean else { return }
        let token = scheduler.supersede(.physical)
        scheduler.supersede(.restore)
        let generator = configuration.physical
        let request = currentRequest(clean: clean)
        var pane = state.output(.physical)
        pane.phase = .running(step: 0, total: 1)
        state.outputs[.physical] = pane
        state.jobs[.physical] = JobProgress(label: "\(generator.name) \(state.type.displayName)", step: 0, total: 1, started: Date())
        scheduler.submit(.physical) { [scheduler] in
            SessionJobs.generate(lane: .physical, output: .physical, generator: generator, request: request,
                                 token: token, scheduler: scheduler)
        }
    }

    private func startRestorers() {
        let token = scheduler.supersede(.restore)
        let sourcePane = state.output(state.restoreSource == .physical ? .physical : .diffusion)
        let restorers = state.shownRestorers.compactMap { name in configuration.restorers.first { $0.name == name } }
        guard !restorers.isEmpty else {
            state.jobs[.restore] = nil
            return
        }
        guard sourcePane.phase == .ready, let input = sourcePane.generated else {
            let waiting = state.restoreSource == .diffusion && !state.diffusionAvailable
            for restorer in restorers {
                state.outputs[.restored(restorer.name)] = PaneState(phase: waiting ? .unavailable(Self.noDiffusionMessage) : .empty)
            }
            state.jobs[.restore] = nil
            return
        }
        let source = state.restoreSource
        let context = RestoreContext(degradation: state.type, knownKernel: input.kernel)
        state.jobs[.restore] = JobProgress(label: "restoring", step: 0, total: restorers.count, started: Date())
        for (index, restorer) in restorers.enumerated() {
            var pane = state.output(.restored(restorer.name))
            pane.phase = .running(step: 0, total: 100)
            state.outputs[.restored(restorer.name)] = pane
            scheduler.submit(.restore) { [scheduler] in
                SessionJobs.restore(restorer, index: index, count: restorers.count, input: input.image, source: source,
                                    context: context, token: token, scheduler: scheduler)
            }
        }
    }

    private func startMetrics(for output: SessionOutput, image: RGBImage, version: Int) {
        guard let clean = state.clean else { return }
        scheduler.submit(.metrics) { [scheduler] in
            scheduler.post(.metrics(output: output, version: version, metrics: PaneMetrics.measure(clean: clean, image: image)))
        }
    }
}
