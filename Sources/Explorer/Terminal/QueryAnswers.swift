/// What one terminal answered to one round of `TerminalQueries`; nil where it stayed silent.
public struct QueryAnswers: Equatable, Sendable {
    public var deviceAttributes: [Int]?
    public var version: String?
    /// The kitty graphics query's message ("OK" when the protocol works).
    public var kittyGraphics: String?
    public var cellPixels: CellPixels?
    public var colorRegisters: Int?

    public init(deviceAttributes: [Int]? = nil, version: String? = nil, kittyGraphics: String? = nil,
                cellPixels: CellPixels? = nil, colorRegisters: Int? = nil) {
        self.deviceAttributes = deviceAttributes
        self.version = version
        self.kittyGraphics = kittyGraphics
        self.cellPixels = cellPixels
        self.colorRegisters = colorRegisters
    }

    /// The answers found in raw reply bytes.
    public init(replies bytes: [UInt8]) {
        let replies = TerminalReply.scan(bytes)
        self.init(deviceAttributes: TerminalQueries.deviceAttributes(in: replies), version: TerminalQueries.version(in: replies),
                  kittyGraphics: TerminalQueries.kittyAnswer(in: replies), cellPixels: TerminalQueries.cellSize(in: replies),
                  colorRegisters: TerminalQueries.colorRegisters(in: replies))
    }

    public var saysSixel: Bool { deviceAttributes?.contains(4) ?? false }
    public var speaksKitty: Bool { kittyGraphics == "OK" }
}
