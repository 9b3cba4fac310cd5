public enum SamplerError: Error, Equatable, CustomStringConvertible {
    case cancelled
    case invalidSigmas(String)
    case shapeMismatch(expected: [Int], got: [Int])

    public var description: String {
        switch self {
        case .cancelled: return "sampling was cancelled"
        case .invalidSigmas(let why): return "invalid noise schedule: \(why)"
        case .shapeMismatch(let expected, let got): return "the model returned shape \(got) for a latent of shape \(expected)"
        }
    }
}
