public enum GenerationError: Error, CustomStringConvertible, Equatable {
    case cancelled
    case failed(String)

    public var description: String {
        switch self {
        case .cancelled: return "cancelled"
        case .failed(let reason): return reason
        }
    }
}
