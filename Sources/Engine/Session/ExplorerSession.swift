import Foundation

/// The explorer's model, with no terminal in it: which image, which degradation at which
/// target intensity, which restorers, and the results of the background work that follows
/// every change. All methods are called from one thread (the UI's); the work runs on
/// per-lane queues and comes back through `pump()`.
public final class ExplorerSession {
    public struct Configuration {
        public var physical: DegradationGenerator
        public var diffusion: DegradationGenerator?
        public var restorers: [Restorer]
        public var catalog: IntensityStatsCatalog?
        /// Images are worked on at this size (longest side) so previews stay interactive.
        public var workingSize: Int
        public var exportFolder: String

        public init(physical: DegradationGenerator, diffusion: DegradationGenerator? = nil, restorers: [Restorer] = [],
                    catalog: IntensityStatsCatalog? = nil, workingSize: Int = 512, exportFolder: String = "gendeg-exports") {
            self.physical = physical
            self.diffusion = diffusion
            self.restorers = restorers
            self.catalog = catalog
            self.workingSize = workingSize
            self.exportFolder = exportFolder
        }
    }

    /// A sample remembered for a batch export.
    public struct Mark: Sendable {
        public var spec: SampleSpec
        public var sample: ExportableSample
    }

    public static let noDiffusionMessage = "no diffusion model loaded"

    public private(set) var configuration: Configuration
    public private(set) var imagePaths: [String]
    public private(set) var selectedImage: Int = 0
    public static let initialType = DegradationType.haze
    public private(set) var type = ExplorerSession.initialType
    public private(set) var targetMu: Double = 0.1
    public private(set) var seed: UInt64 = 7
    public private(set) var settings = GeneratorSettings()
    public private(set) var restorerSelection: RestorerSelection
    public private(set) var restoreSource: DegradedSource = .physical
    public private(set) var clean: RGBImage?
    public private(set) var originalSize = ImageSize(width: 0, height: 0)
    public private(set) var panes: [PaneKind: PaneState] = [:]
    public private(set) var jobs: [SessionLane: JobProgress] = [:]
    public private(set) var marks: [Mark] = []
    /// The latest thing worth telling the user (errors, export results).
    public private(set) var message: String?

    public var exportFolder: String {
        get { configuration.exportFolder }
        set { configuration.exportFolder = newValue }
    }

    private let tokens = LaneTokens()
    private let inbox = SessionInbox()
    private var queues: [SessionLane: DispatchQueue] = [:]
    private var versionCounter = 0

    public init(imagePaths: [String], configuration: Configuration) {
        self.imagePaths = imagePaths
        self.configuration = configuration
        restorerSelection = RestorerSelection(following: Self.initialType, among: configuration.restorers)
        settings = configuration.diffusion?.recommendedSettings ?? GeneratorSettings()
        for lane in SessionLane.allCases {
            queues[lane] = DispatchQueue(label: "gendeg.session.\(lane.rawValue)", qos: .userInitiated)
        }
        resetPanes()
        if !imagePaths.isEmpty { loadSelectedImage() }
    }

    // MARK: - What the user changes

    public var availableRestorers: [Restorer] { configuration.restorers }
    /// The restorer panes shown, in order.
    public var shownRestorers: [String] { restorerSelection.names }
    public var diffusionAvailable: Bool { configuration.diffusion != nil }
    public var currentImagePath: String? { imagePaths.indices.contains(selectedImage) ? imagePaths[selectedImage] : nil }

    /// The panes in screen order.
    public var paneOrder: [PaneKind] { [.clean, .physical, .diffusion] + shownRestorers.map { .restored($0) } }

    public func pane(_ kind: PaneKind) -> PaneState { panes[kind] ?? PaneState() }

    public func selectImage(_ index: Int) {
        guard imagePaths.indices.contains(index), index != selectedImage || clean == nil else { return }
        selectedImage = index
        loadSelectedImage()
    }

    /// Adds an image (or every PNG/JPEG of a folder) and selects the first one added.
    public func open(path: String) throws {
        let found = try ImageDiscovery.images(at: [path])
        guard let first = found.first else { throw ImageDiscoveryError.noImages(path) }
        for item in found where !imagePaths.contains(item) { imagePaths.append(item) }
        selectedImage = imagePaths.firstIndex(of: first)!
        loadSelectedImage()
    }

    public func setType(_ newType: DegradationType) {
        guard newType != type else { return }
        type = newType
        targetMu = min(targetMu, muLimit)
        restorerSelection.follow(type, among: configuration.restorers)
        dropHiddenRestorerPanes()
        degradationChanged()
    }

    /// The slider's upper end for the current type: where 99.5% of real images lie, rounded up.
    public var muLimit: Double {
        guard let catalog = configuration.catalog else { return 0.5 }
        let q = catalog.muQuantile(for: type, fraction: 0.995)
        return min(catalog.muRange.upperBound, max(0.1, (q / 0.05).rounded(.up) * 0.05))
    }

    public func setTargetMu(_ mu: Double) {
        let clampedMu = min(max(0, (mu * 10_000).rounded() / 10_000), muLimit)
        guard clampedMu != targetMu else { return }
        targetMu = clampedMu
        degradationChanged()
    }

    public var sliderPosition: Double { muLimit > 0 ? targetMu / muLimit : 0 }

    /// The sigma real images of this type and mu typically have.
    public var targetSigma: Double {
        configuration.catalog?.typicalSigma(for: type, mu: targetMu) ?? targetMu * 0.75
    }

    public func setSeed(_ newSeed: UInt64) {
        guard newSeed != seed else { return }
        seed = newSeed
        degradationChanged()
    }

    public func setSettings(_ newSettings: GeneratorSettings) {
        guard newSettings != settings else { return }
        settings = newSettings
        markDiffusionStale()
    }

    /// Shows exactly these restorers, in this order (the user's choice: it no longer follows the type).
    public func setRestorers(_ names: [String]) throws {
        try restorerSelection.choose(names, among: configuration.restorers)
        dropHiddenRestorerPanes()
        startRestorers()
    }

    /// Shows the restorer as the last pane, or hides it if it is shown (the user's choice).
    public func toggleRestorer(_ name: String) throws {
        try restorerSelection.toggle(name, among: configuration.restorers)
        dropHiddenRestorerPanes()
        startRestorers()
    }

    private func dropHiddenRestorerPanes() {
        for kind in panes.keys { if case .restored(let name) = kind, !shownRestorers.contains(name) { panes[kind] = nil } }
    }

    /// Chooses the generator whose image the restorers work on; diffusion only when a model is loaded.
    public func setRestoreSource(_ source: DegradedSource) {
        guard source != restoreSource else { return }
        guard source == .physical || configuration.diffusion != nil else {
            message = Self.noDiffusionMessage
            return
        }
        restoreSource = source
        startRestorers()
    }

    public func setExportFolder(_ path: String) {
        configuration.exportFolder = (path as NSString).expandingTildeInPath
        message = "exports go to \(configuration.exportFolder)"
    }

    /// Starts the diffusion generator on the current sample (it is slow, so only on request).
    public func runDiffusion() {
        guard let generator = configuration.diffusion else {
            message = Self.noDiffusionMessage
            return
        }
        guard let clean, let path = currentImagePath else { return }
        let token = tokens.bump(.diffusion)
        let request = currentRequest(clean: clean)
        panes[.diffusion] = PaneState(phase: .running(step: 0, total: settings.steps))
        jobs[.diffusion] = JobProgress(label: generator.name, step: 0, total: settings.steps, started: Date())
        let zero = targetMu == 0
        submit(.diffusion) { [tokens, inbox] in
            Self.generate(lane: .diffusion, kind: .diffusion, generator: generator, request: request, identity: zero,
                          token: token, tokens: tokens, inbox: inbox)
        }
        _ = path
    }

    /// Cancels every job in flight: their tokens move on, so they stop at their next check.
    public func cancelAll() {
        var cancelled: [String] = []
        for lane in [SessionLane.physical, .restore, .diffusion] where jobs[lane] != nil {
            _ = tokens.bump(lane)
            cancelled.append(jobs[lane]!.label)
            jobs[lane] = nil
            for (kind, state) in panes where lane == Self.lane(of: kind) {
                if case .running = state.phase { panes[kind]?.phase = .cancelled }
            }
        }
        message = cancelled.isEmpty ? "nothing to cancel" : "cancelled \(cancelled.joined(separator: ", "))"
    }

    public var isBusy: Bool { !jobs.isEmpty || !inbox.isIdle }

    // MARK: - Marks and export

    /// Marks the current sample for a batch export, or unmarks it if it is marked.
    /// Returns false when the sample has no results yet.
    @discardableResult
    public func toggleMark() -> Bool {
        guard let spec = currentSpec else { return false }
        if let index = marks.firstIndex(where: { $0.spec == spec }) {
            marks.remove(at: index)
            message = "unmarked (\(marks.count) marked)"
            return true
        }
        guard let sample = currentExportable() else {
            message = "nothing to mark yet: wait for the preview"
            return false
        }
        marks.append(Mark(spec: spec, sample: sample))
        message = "marked (\(marks.count) marked)"
        return true
    }

    public var isCurrentMarked: Bool { currentSpec.map { spec in marks.contains { $0.spec == spec } } ?? false }

    /// Exports the marked samples, or the current one when none is marked.
    public func export() {
        let samples: [ExportableSample]
        if marks.isEmpty {
            guard let sample = currentExportable() else {
                message = "nothing to export yet: wait for the preview"
                return
            }
            samples = [sample]
        } else {
            samples = marks.map(\.sample)
        }
        let exporter = SampleExporter(folder: configuration.exportFolder)
        jobs[.export] = JobProgress(label: "export", step: 0, total: samples.count, started: Date())
        submit(.export) { [inbox] in
            do {
                let paths = try samples.map { try exporter.export($0) }
                inbox.post(.exported(paths: paths))
            } catch {
                inbox.post(.exportFailed(message: "\(error)"))
            }
        }
    }

    public var currentSpec: SampleSpec? {
        guard let path = currentImagePath else { return nil }
        return SampleSpec(imagePath: path, type: type, targetMu: targetMu, seed: seed, settings: settings,
                          restorers: shownRestorers, restoreSource: restoreSource)
    }

    /// The current results as an export, once the physical pane and every restorer are done.
    public func currentExportable() -> ExportableSample? {
        guard let spec = currentSpec, let clean else { return nil }
        var degraded: [ExportedDegraded] = []
        for kind in [PaneKind.physical, .diffusion] {
            let state = pane(kind)
            guard state.phase == .ready, let generated = state.generated, let stats = state.stats else {
                if kind == .physical { return nil }
                continue
            }
            let generator = kind == .physical ? configuration.physical : configuration.diffusion!
            degraded.append(ExportedDegraded(generator: generator.name, synthetic: generator.isSynthetic, image: generated.image, stats: stats,
                                             intensity: generated.intensity, modelFile: generator.modelFile,
                                             metrics: state.metrics ?? PaneMetrics.measure(clean: clean, image: generated.image)))
        }
        var restored: [ExportedRestored] = []
        for name in shownRestorers {
            let state = pane(.restored(name))
            guard state.phase == .ready, let image = state.image, let source = state.restoredFrom else { return nil }
            restored.append(ExportedRestored(restorer: name, source: source, image: image,
                                             metrics: state.metrics ?? PaneMetrics.measure(clean: clean, image: image)))
        }
        return ExportableSample(spec: spec, sliderPosition: sliderPosition, targetSigma: targetSigma,
                                originalSize: originalSize, clean: clean, degraded: degraded, restored: restored)
    }

    // MARK: - Results

    /// Applies the results that arrived since the last call; returns true if anything changed.
    @discardableResult
    public func pump() -> Bool {
        let events = inbox.take()
        for event in events { apply(event) }
        return !events.isEmpty
    }

    /// Waits until every queued job has finished and its results are applied (for tests and
    /// headless use; the UI never calls it).
    public func waitUntilIdle(timeout: TimeInterval = 120) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            pump()
            if inbox.isIdle && jobs.isEmpty { return true }
            usleep(2_000)
        }
        return false
    }

    private func apply(_ event: SessionEvent) {
        switch event {
        case .cleanLoaded(let token, let path, let image, let size):
            guard tokens.isCurrent(.load, token), path == currentImagePath else { return }
            clean = image
            originalSize = size
            jobs[.load] = nil
            var state = PaneState(phase: .ready)
            state.image = image
            state.version = nextVersion()
            state.metrics = PaneMetrics(psnr: .infinity, ssim: 1)
            panes[.clean] = state
            degradationChanged()
        case .loadFailed(let token, let text):
            guard tokens.isCurrent(.load, token) else { return }
            jobs[.load] = nil
            message = text
            panes[.clean] = PaneState(phase: .failed(text))
        case .progress(let lane, let token, let kind, let step, let total, let preview):
            guard tokens.isCurrent(lane, token) else { return }
            jobs[lane]?.step = step
            jobs[lane]?.total = total
            var state = pane(kind)
            state.phase = .running(step: step, total: total)
            if let preview {
                state.image = preview
                state.version = nextVersion()
            }
            panes[kind] = state
        case .generated(let lane, let token, let kind, let result, let stats):
            guard tokens.isCurrent(lane, token) else { return }
            jobs[lane] = nil
            var state = pane(kind)
            state.phase = .ready
            state.image = result.image
            state.generated = result
            state.stats = stats
            state.metrics = nil
            state.version = nextVersion()
            panes[kind] = state
            startMetrics(for: kind, image: result.image, version: state.version)
            if kind == .physical && restoreSource == .physical || kind == .diffusion && restoreSource == .diffusion {
                startRestorers()
            }
        case .restored(let token, let name, let source, let image):
            guard tokens.isCurrent(.restore, token), shownRestorers.contains(name) else { return }
            var state = pane(.restored(name))
            state.phase = .ready
            state.image = image
            state.restoredFrom = source
            state.metrics = nil
            state.version = nextVersion()
            panes[.restored(name)] = state
            if shownRestorers.allSatisfy({ pane(.restored($0)).phase == .ready }) { jobs[.restore] = nil }
            startMetrics(for: .restored(name), image: image, version: state.version)
        case .metrics(let kind, let version, let metrics):
            guard panes[kind]?.version == version else { return }
            panes[kind]?.metrics = metrics
        case .failed(let lane, let token, let kind, let text):
            guard tokens.isCurrent(lane, token) else { return }
            if lane != .restore { jobs[lane] = nil }
            panes[kind]?.phase = .failed(text)
            message = text
        case .cancelled(let lane, let token, let kind):
            guard tokens.isCurrent(lane, token) else { return }
            jobs[lane] = nil
            panes[kind]?.phase = .cancelled
        case .exported(let paths):
            jobs[.export] = nil
            message = paths.count == 1 ? "exported to \(paths[0])" : "exported \(paths.count) samples to \(configuration.exportFolder)"
            if paths.count > 1 || !marks.isEmpty { marks.removeAll() }
        case .exportFailed(let text):
            jobs[.export] = nil
            message = "export failed: \(text)"
        }
    }

    // MARK: - Scheduling

    private func resetPanes() {
        panes = [.clean: PaneState(), .physical: PaneState()]
        panes[.diffusion] = PaneState(phase: configuration.diffusion == nil ? .unavailable(Self.noDiffusionMessage) : .empty)
    }

    private func loadSelectedImage() {
        guard let path = currentImagePath else { return }
        for lane in [SessionLane.physical, .restore, .diffusion] { _ = tokens.bump(lane) }
        jobs = jobs.filter { $0.key == .export }
        clean = nil
        resetPanes()
        let token = tokens.bump(.load)
        let size = configuration.workingSize
        jobs[.load] = JobProgress(label: "loading \((path as NSString).lastPathComponent)", step: 0, total: 1, started: Date())
        submit(.load) { [inbox] in
            do {
                let image = try ImageIO.read(path)
                let working = max(image.width, image.height) > size ? image.fitted(maxWidth: size, maxHeight: size) : image
                inbox.post(.cleanLoaded(token: token, path: path, image: working,
                                        originalSize: ImageSize(width: image.width, height: image.height)))
            } catch {
                inbox.post(.loadFailed(token: token, message: "\(error)"))
            }
        }
    }

    private func degradationChanged() {
        markDiffusionStale()
        startPhysical()
    }

    private func markDiffusionStale() {
        _ = tokens.bump(.diffusion)
        jobs[.diffusion] = nil
        guard configuration.diffusion != nil else { return }
        var state = pane(.diffusion)
        if state.image != nil { state.phase = .stale } else { state.phase = .empty }
        panes[.diffusion] = state
    }

    private func currentRequest(clean: RGBImage) -> GenerationRequest {
        GenerationRequest(clean: clean, type: type, targetMu: targetMu, targetSigma: targetSigma, seed: seed, settings: settings)
    }

    private func startPhysical() {
        guard let clean else { return }
        let token = tokens.bump(.physical)
        _ = tokens.bump(.restore)
        let generator = configuration.physical
        let request = currentRequest(clean: clean)
        var state = pane(.physical)
        state.phase = .running(step: 0, total: 1)
        panes[.physical] = state
        jobs[.physical] = JobProgress(label: "\(generator.name) \(type.displayName)", step: 0, total: 1, started: Date())
        let identity = targetMu == 0
        submit(.physical) { [tokens, inbox] in
            Self.generate(lane: .physical, kind: .physical, generator: generator, request: request, identity: identity,
                          token: token, tokens: tokens, inbox: inbox)
        }
    }

    /// Runs one generation; mu 0 means no degradation, which is the clean image itself.
    private static func generate(lane: SessionLane, kind: PaneKind, generator: DegradationGenerator, request: GenerationRequest,
                                 identity: Bool, token: Int, tokens: LaneTokens, inbox: SessionInbox) {
        guard tokens.isCurrent(lane, token) else { return }
        do {
            let result = identity
                ? GeneratedImage(image: request.clean, intensity: 0)
                : try generator.generate(request) { step in
                    guard tokens.isCurrent(lane, token) else { return false }
                    inbox.post(.progress(lane: lane, token: token, kind: kind, step: step.index, total: step.total, preview: step.preview))
                    return true
                }
            guard tokens.isCurrent(lane, token) else { return }
            let stats = result.stats ?? DegradationStats.measure(clean: request.clean, degraded: result.image)
            inbox.post(.generated(lane: lane, token: token, kind: kind, result: result, stats: stats))
        } catch GenerationError.cancelled {
            inbox.post(.cancelled(lane: lane, token: token, kind: kind))
        } catch {
            inbox.post(.failed(lane: lane, token: token, kind: kind, message: "\(generator.name): \(error)"))
        }
    }

    private func startRestorers() {
        let token = tokens.bump(.restore)
        let sourceState = pane(restoreSource == .physical ? .physical : .diffusion)
        let restorers = shownRestorers.compactMap { name in configuration.restorers.first { $0.name == name } }
        guard !restorers.isEmpty else {
            jobs[.restore] = nil
            return
        }
        guard sourceState.phase == .ready, let input = sourceState.generated else {
            for restorer in restorers {
                let waiting = restoreSource == .diffusion && configuration.diffusion == nil
                panes[.restored(restorer.name)] = PaneState(phase: waiting ? .unavailable(Self.noDiffusionMessage) : .empty)
            }
            jobs[.restore] = nil
            return
        }
        let source = restoreSource
        let context = RestoreContext(degradation: type, knownKernel: input.kernel)
        jobs[.restore] = JobProgress(label: "restoring", step: 0, total: restorers.count, started: Date())
        for (index, restorer) in restorers.enumerated() {
            var state = pane(.restored(restorer.name))
            state.phase = .running(step: 0, total: 100)
            panes[.restored(restorer.name)] = state
            submit(.restore) { [tokens, inbox] in
                guard tokens.isCurrent(.restore, token) else { return }
                inbox.post(.progress(lane: .restore, token: token, kind: .restored(restorer.name), step: index, total: restorers.count, preview: nil))
                var withProgress = context
                withProgress.progress = { _ in tokens.isCurrent(.restore, token) }
                do {
                    let image = try restorer.restore(input.image, context: withProgress)
                    guard tokens.isCurrent(.restore, token) else { return }
                    inbox.post(.restored(token: token, name: restorer.name, source: source, image: image.clamped()))
                } catch RestoreError.cancelled {
                    inbox.post(.cancelled(lane: .restore, token: token, kind: .restored(restorer.name)))
                } catch {
                    inbox.post(.failed(lane: .restore, token: token, kind: .restored(restorer.name), message: "\(restorer.name): \(error)"))
                }
            }
        }
    }

    private func startMetrics(for kind: PaneKind, image: RGBImage, version: Int) {
        guard let clean else { return }
        submit(.metrics) { [inbox] in
            inbox.post(.metrics(kind: kind, version: version, metrics: PaneMetrics.measure(clean: clean, image: image)))
        }
    }

    private func submit(_ lane: SessionLane, _ work: @escaping @Sendable () -> Void) {
        inbox.enter(lane)
        queues[lane]!.async { [inbox] in
            work()
            inbox.leave(lane)
        }
    }

    private func nextVersion() -> Int {
        versionCounter += 1
        return versionCounter
    }

    private static func lane(of kind: PaneKind) -> SessionLane {
        switch kind {
        case .clean: return .load
        case .physical: return .physical
        case .diffusion: return .diffusion
        case .restored: return .restore
        }
    }
}
