public enum GenDegVersion {
    public static let string = "0.1.0"
}
