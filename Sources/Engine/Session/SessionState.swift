import Foundation

/// Everything an explorer session shows, as a value: the user's choices, the outputs and the
/// running jobs. `SessionReducer` turns events into the next state; `ExplorerSession` owns it.
public struct SessionState: Sendable {
    public static let initialType = DegradationType.haze
    public static let noDiffusionMessage = "no diffusion model loaded"

    public internal(set) var imagePaths: [String]
    public internal(set) var selectedImage = 0
    public internal(set) var type = SessionState.initialType
    public internal(set) var targetMu = 0.1
    public internal(set) var seed: UInt64 = 7
    public internal(set) var settings: GeneratorSettings
    public internal(set) var restorerSelection: RestorerSelection
    public internal(set) var restoreSource: DegradedSource = .physical
    public internal(set) var clean: RGBImage?
    public internal(set) var originalSize = ImageSize(width: 0, height: 0)
    public internal(set) var outputs: [SessionOutput: PaneState] = [:]
    public internal(set) var jobs: [SessionLane: JobProgress] = [:]
    public internal(set) var exports = ExportQueue()
    /// The latest thing worth telling the user (errors, export results).
    public internal(set) var notice: Notice?
    /// Whether a diffusion generator is loaded.
    public let diffusionAvailable: Bool
    private var versionCounter = 0

    init(imagePaths: [String], settings: GeneratorSettings, restorerSelection: RestorerSelection, diffusionAvailable: Bool) {
        self.imagePaths = imagePaths
        self.settings = settings
        self.restorerSelection = restorerSelection
        self.diffusionAvailable = diffusionAvailable
        resetOutputs()
    }

    public var currentImagePath: String? { imagePaths.indices.contains(selectedImage) ? imagePaths[selectedImage] : nil }
    /// The restorer outputs shown, in order.
    public var shownRestorers: [String] { restorerSelection.names }

    public func output(_ output: SessionOutput) -> PaneState { outputs[output] ?? PaneState() }

    public var currentSpec: SampleSpec? {
        guard let path = currentImagePath else { return nil }
        return SampleSpec(imagePath: path, type: type, targetMu: targetMu, seed: seed, settings: settings,
                          restorers: shownRestorers, restoreSource: restoreSource)
    }

    mutating func nextVersion() -> Int {
        versionCounter += 1
        return versionCounter
    }

    /// A new image: nothing made yet, diffusion waiting for a request when a model is loaded.
    mutating func resetOutputs() {
        outputs = [.clean: PaneState(), .physical: PaneState()]
        outputs[.diffusion] = PaneState(phase: diffusionAvailable ? .empty : .unavailable(Self.noDiffusionMessage))
    }

    /// The diffusion output no longer matches the settings; it is redone only on request.
    mutating func markDiffusionStale() {
        jobs[.diffusion] = nil
        guard diffusionAvailable else { return }
        var state = output(.diffusion)
        state.phase = state.image != nil ? .stale : .empty
        outputs[.diffusion] = state
    }

    mutating func dropHiddenRestorerOutputs() {
        for kind in outputs.keys { if case .restored(let name) = kind, !shownRestorers.contains(name) { outputs[kind] = nil } }
    }
}
