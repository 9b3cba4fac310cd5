/// What a key on the main screen asks for; `ExplorerViewModel.perform` carries it out and
/// `KeyBindings` says which key asks for which.
public enum ExplorerCommand: Equatable, Sendable {
    case openHelp
    case quit
    /// Leaves zoom, else cancels running work.
    case escape
    case moveFocus(by: Int)
    case stepMuCoarse(by: Int)
    case noDegradation
    /// The median mu of the n-th real dataset of the type.
    case preset(Int)
    case export
    case toggleMark
    case toggleZoom
    case cycleTheme
    case rerollSeed
    case generate
    case switchGenerator
    case openRestorerPicker
    case openCommandLine
    // In the focused section:
    case moveImageCursor(by: Int)
    case openImageEntry
    case stepType(by: Int)
    case stepMuFine(by: Int)
    case moveGeneratorField(by: Int)
    case adjustGeneratorField(by: Int)
    case movePaneSelection(by: Int)
}
