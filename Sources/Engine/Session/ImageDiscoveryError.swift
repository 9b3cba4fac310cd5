public enum ImageDiscoveryError: Error, CustomStringConvertible, Equatable {
    case notFound(String)
    case noImages(String)

    public var description: String {
        switch self {
        case .notFound(let path): return "\(path): no such file or folder"
        case .noImages(let path): return "\(path): no PNG or JPEG images there"
        }
    }
}
