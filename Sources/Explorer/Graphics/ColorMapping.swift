/// Maps 24-bit colours onto the palettes of terminals that lack them.
public enum ColorMapping {
    /// The xterm 256-colour palette's cube levels.
    static let cubeLevels: [Int] = [0, 95, 135, 175, 215, 255]

    /// The nearest xterm-256 index: the 6x6x6 cube (16-231) or the grey ramp (232-255).
    public static func xterm256(_ color: RGBColor) -> Int {
        func nearestLevel(_ v: Int) -> Int {
            var best = 0
            for i in 1..<6 where abs(cubeLevels[i] - v) < abs(cubeLevels[best] - v) { best = i }
            return best
        }
        let r = Int(color.r), g = Int(color.g), b = Int(color.b)
        let ri = nearestLevel(r), gi = nearestLevel(g), bi = nearestLevel(b)
        let cube = (cubeLevels[ri], cubeLevels[gi], cubeLevels[bi])
        let cubeDistance = square(cube.0 - r) + square(cube.1 - g) + square(cube.2 - b)
        let mean = (r + g + b) / 3
        let greyIndex = min(23, max(0, (mean - 8 + 5) / 10))
        let grey = 8 + 10 * greyIndex
        let greyDistance = square(grey - r) + square(grey - g) + square(grey - b)
        return greyDistance < cubeDistance ? 232 + greyIndex : 16 + 36 * ri + 6 * gi + bi
    }

    /// The colour an xterm-256 palette index (16-255) stands for.
    public static func xterm256Color(_ index: Int) -> RGBColor {
        if index >= 232 {
            let grey = UInt8(8 + 10 * (index - 232))
            return RGBColor(grey, grey, grey)
        }
        let cube = max(0, index - 16)
        return RGBColor(UInt8(cubeLevels[cube / 36]), UInt8(cubeLevels[(cube / 6) % 6]), UInt8(cubeLevels[cube % 6]))
    }

    /// The nearest of the 8 basic ANSI colours, for terminals with no more.
    public static func ansi8(_ color: RGBColor) -> Int {
        let r = Int(color.r), g = Int(color.g), b = Int(color.b)
        // Greys (low saturation) go to black or white by brightness, not to a hue.
        if max(r, g, b) - min(r, g, b) < 48 { return (r + g + b) / 3 >= 128 ? 7 : 0 }
        let threshold = max(64, (max(r, g, b) + min(r, g, b)) / 2)
        return (r >= threshold ? 1 : 0) | (g >= threshold ? 2 : 0) | (b >= threshold ? 4 : 0)
    }

    /// The palette index to give ncurses for a terminal with `colors` colours.
    public static func index(_ color: RGBColor, colors: Int) -> Int {
        colors >= 256 ? xterm256(color) : ansi8(color)
    }

    @inline(__always) private static func square(_ x: Int) -> Int { x * x }
}
