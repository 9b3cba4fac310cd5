/// A layer over the panes that takes the keys while it is on top: the view model keeps a stack
/// of them (a small version of helix's compositor). An overlay owns its state, its keys, its
/// rectangle and its painting, so a new one is one file plus the key that opens it.
protocol OverlayComponent: AnyObject {
    /// Handles a key while the overlay is on top; returns false when the key closes it.
    func handle(_ key: Key, model: ExplorerViewModel) -> Bool
    /// The cells it covers on a screen this size; the loop draws no image under them.
    func frame(rows: Int, cols: Int, model: ExplorerViewModel) -> CellRect
    func paint(on surface: TextSurface, model: ExplorerViewModel, rows: Int, cols: Int)
    /// The terminal changed size.
    func resized(rows: Int, cols: Int, model: ExplorerViewModel)
}

extension OverlayComponent {
    func resized(rows: Int, cols: Int, model: ExplorerViewModel) {}
}
