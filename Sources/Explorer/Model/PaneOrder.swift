import GenDegEngine

/// A pane shows one of the session's outputs, and is named by it.
public typealias PaneKind = SessionOutput

extension ExplorerSession {
    /// The panes in screen order: clean, the two degraded images, then the shown restorers.
    public var paneOrder: [PaneKind] { [.clean, .physical, .diffusion] + shownRestorers.map { .restored($0) } }
}
