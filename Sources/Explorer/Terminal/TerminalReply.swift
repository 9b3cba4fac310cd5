/// One control sequence a terminal sent back: the three kinds its answers come in.
public enum TerminalReply: Equatable, Sendable {
    /// ESC [ parameters final, e.g. DA1 `ESC [ ? 6 2 ; 4 c` is ("?62;4", "c").
    case csi(parameters: String, final: Character)
    /// ESC P ... ESC \ (XTVERSION answers `ESC P > | name ESC \`).
    case dcs(String)
    /// ESC _ ... ESC \ (kitty graphics answers `ESC _ G i=31;OK ESC \`).
    case apc(String)

    /// Splits a buffer of answers into sequences. Bytes outside sequences (typed keys) and a
    /// sequence cut off at the end are dropped: a reply that did not arrive in time is no reply.
    public static func scan(_ bytes: [UInt8]) -> [TerminalReply] {
        var replies: [TerminalReply] = []
        var i = 0
        while i + 1 < bytes.count {
            guard bytes[i] == 0x1B else { i += 1; continue }
            let kind = bytes[i + 1]
            if kind == UInt8(ascii: "[") {
                var j = i + 2
                while j < bytes.count, !(0x40...0x7E).contains(bytes[j]) { j += 1 }
                guard j < bytes.count else { break }
                replies.append(.csi(parameters: String(decoding: bytes[(i + 2)..<j], as: UTF8.self),
                                    final: Character(UnicodeScalar(bytes[j]))))
                i = j + 1
            } else if kind == UInt8(ascii: "P") || kind == UInt8(ascii: "_") {
                var j = i + 2
                while j + 1 < bytes.count, !(bytes[j] == 0x1B && bytes[j + 1] == UInt8(ascii: "\\")) { j += 1 }
                guard j + 1 < bytes.count else { break }
                let body = String(decoding: bytes[(i + 2)..<j], as: UTF8.self)
                replies.append(kind == UInt8(ascii: "P") ? .dcs(body) : .apc(body))
                i = j + 2
            } else {
                i += 1
            }
        }
        return replies
    }
}
