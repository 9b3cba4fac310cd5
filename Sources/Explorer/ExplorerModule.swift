import GenDegEngine

/// The explorer library's version marker; the terminal UI lives in Terminal/, Views/ and Sixel/.
public enum ExplorerInfo {
    public static let name = "gendeg explorer"
}
