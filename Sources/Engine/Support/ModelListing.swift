/// One model gendeg can run, for `gendeg models`: what it is, where it comes from, where it lies.
public struct ModelListing: Sendable, Equatable {
    public enum Kind: String, Sendable {
        case diffusion, restorer
    }

    public enum Source: String, Sendable {
        case bundled, user
    }

    public let name: String
    public let kind: Kind
    public let source: Source
    /// The model folder or checkpoint file, absolute.
    public let path: String

    public init(name: String, kind: Kind, source: Source, path: String) {
        self.name = name
        self.kind = kind
        self.source = source
        self.path = path
    }
}
