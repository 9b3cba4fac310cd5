/// A polling test waited its longest for something that did not happen.
public struct PollTimeout: Error, CustomStringConvertible {
    public let what: String
    public let seconds: Double

    public var description: String { "timed out after \(seconds) s waiting for \(what)" }
}
