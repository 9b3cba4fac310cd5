/// A 24-bit colour.
public struct RGBColor: Equatable, Hashable, Sendable {
    public var r: UInt8, g: UInt8, b: UInt8

    public init(_ r: UInt8, _ g: UInt8, _ b: UInt8) {
        self.r = r
        self.g = g
        self.b = b
    }

    /// Parses "#rrggbb".
    public init?(hex: String) {
        guard hex.count == 7, hex.first == "#", let value = UInt32(hex.dropFirst(), radix: 16) else { return nil }
        self.init(UInt8(value >> 16), UInt8((value >> 8) & 0xFF), UInt8(value & 0xFF))
    }

    public var hex: String { "#" + [r, g, b].map { String($0, radix: 16).leftPadded(to: 2) }.joined() }
}

extension String {
    func leftPadded(to width: Int, with pad: Character = "0") -> String {
        count >= width ? self : String(repeating: pad, count: width - count) + self
    }
}

/// The coloured parts of the explorer's screen. A theme must colour every one.
public enum ThemeElement: String, CaseIterable, Sendable {
    case text, dim, border, borderFocused, title, titleFocused, header, status
    case selection, accent, sliderTrack, sliderKnob, sparkline, datasetLabel
    case progressDone, progressTodo, error, overlay, overlayBorder, metrics, commandLine, pane
}

public struct ThemeStyle: Equatable, Sendable {
    public var foreground: RGBColor
    public var background: RGBColor
    public var bold: Bool

    public init(foreground: RGBColor, background: RGBColor, bold: Bool = false) {
        self.foreground = foreground
        self.background = background
        self.bold = bold
    }
}

public struct Theme: Equatable, Sendable {
    public var name: String
    public var styles: [ThemeElement: ThemeStyle]

    public func style(_ element: ThemeElement) -> ThemeStyle { styles[element]! }

    /// The default when no theme file can be read: the same colours as themes/dark.toml.
    public static let builtinDark: Theme = {
        let bg = RGBColor(0x1c, 0x1c, 0x24), panel = RGBColor(0x24, 0x24, 0x30)
        func s(_ fg: String, _ back: RGBColor, bold: Bool = false) -> ThemeStyle {
            ThemeStyle(foreground: RGBColor(hex: fg)!, background: back, bold: bold)
        }
        return Theme(name: "dark", styles: [
            .text: s("#d0d0d8", bg), .dim: s("#7a7a8c", bg), .border: s("#4a4a5e", bg),
            .borderFocused: s("#8fb8ff", bg, bold: true), .title: s("#b0b0c0", bg),
            .titleFocused: s("#8fb8ff", bg, bold: true), .header: s("#e8e8f0", panel, bold: true),
            .status: s("#c8c8d4", panel), .selection: s("#1c1c24", RGBColor(0x8f, 0xb8, 0xff), bold: true),
            .accent: s("#ffcc66", bg, bold: true), .sliderTrack: s("#4a4a5e", bg), .sliderKnob: s("#ffcc66", bg, bold: true),
            .sparkline: s("#6fc3a0", bg), .datasetLabel: s("#9a9ab0", bg), .progressDone: s("#8fb8ff", panel),
            .progressTodo: s("#4a4a5e", panel), .error: s("#ff6b6b", bg, bold: true), .overlay: s("#e8e8f0", panel),
            .overlayBorder: s("#ffcc66", panel, bold: true), .metrics: s("#a8d8b9", bg), .commandLine: s("#e8e8f0", panel),
            .pane: s("#d0d0d8", bg),
        ])
    }()
}
