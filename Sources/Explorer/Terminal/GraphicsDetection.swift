/// Chooses the graphics mode from recorded terminal answers: a pure function, so every
/// terminal's behaviour can be replayed in tests. The order (README, "Terminal graphics"):
/// outside tmux, kitty's protocol when its query is answered OK (WezTerm excepted, whose
/// iTerm2 images are its complete implementation), then iTerm2 images for iTerm2 and WezTerm,
/// then sixel when DA1 lists attribute 4, else half-blocks. Inside tmux, kitty images through
/// passthrough with Unicode placeholders when the outer terminal answers the kitty query and
/// supports placeholders, then sixel when tmux (3.4 or later) lists attribute 4 itself, else
/// half-blocks with a notice naming what is missing.
public enum GraphicsDetection {
    public static func decide(_ requested: GraphicsMode, answers: TerminalAnswers) -> GraphicsDecision {
        var decision = mode(requested, answers: answers)
        guard decision.mode == .kitty else { return decision }
        let remote = answers.environment["SSH_CONNECTION"] != nil || answers.environment["SSH_TTY"] != nil
        decision.kittyFormat = remote || decision.tmuxPassthrough ? .png : .rgba
        decision.reasons.append(decision.kittyFormat == .png
            ? "kitty images as PNG (f=100): \(remote ? "over ssh" : "through tmux"), fewer bytes matter more than encoding time"
            : "kitty images as raw RGBA (f=32): a local terminal, where encoding time matters more than bytes")
        return decision
    }

    private static func mode(_ requested: GraphicsMode, answers: TerminalAnswers) -> GraphicsDecision {
        let tmux = answers.insideTmux
        switch requested {
        case .none:
            return GraphicsDecision(mode: .none, reasons: ["--graphics none: no images"])
        case .blocks:
            return GraphicsDecision(mode: .blocks, reasons: ["--graphics blocks: half-block characters"])
        case .sixel:
            return GraphicsDecision(mode: .sixel, reasons: ["--graphics sixel: sixel images, whatever the terminal said"])
        case .kitty:
            return GraphicsDecision(mode: .kitty, kittyPlaceholders: tmux, tmuxPassthrough: tmux,
                                    reasons: ["--graphics kitty: kitty graphics protocol"
                                        + (tmux ? ", through tmux passthrough with Unicode placeholders" : "")])
        case .iterm2:
            return GraphicsDecision(mode: .iterm2, tmuxPassthrough: tmux,
                                    reasons: ["--graphics iterm2: iTerm2 inline images (OSC 1337)" + (tmux ? ", through tmux passthrough" : "")])
        case .auto:
            guard answers.hasTerminal else {
                return GraphicsDecision(mode: .blocks, reasons: ["no terminal (/dev/tty) to ask: half-blocks"])
            }
            return tmux ? insideTmux(answers) : outsideTmux(answers)
        }
    }

    private static func outsideTmux(_ answers: TerminalAnswers) -> GraphicsDecision {
        let direct = answers.direct
        var reasons: [String] = []
        let wezterm = isWezTerm(direct.version, answers.environment)
        if direct.speaksKitty {
            if wezterm {
                reasons.append("the kitty query was answered OK, but this is WezTerm, whose iTerm2 images are its complete implementation")
            } else {
                reasons.append("the kitty graphics query was answered OK: kitty graphics protocol")
                return GraphicsDecision(mode: .kitty, reasons: reasons)
            }
        } else {
            reasons.append(direct.kittyGraphics.map { "the kitty graphics query was answered '\($0)': not usable" }
                           ?? "no answer to the kitty graphics query")
        }
        if wezterm || isITerm2(direct.version, answers.environment) {
            reasons.append("\(wezterm ? "WezTerm" : "iTerm2") (\(direct.version ?? "TERM_PROGRAM=\(answers.environment["TERM_PROGRAM"] ?? "")")): iTerm2 inline images")
            return GraphicsDecision(mode: .iterm2, reasons: reasons)
        }
        if direct.saysSixel {
            reasons.append("DA1 lists attribute 4: sixel")
            return GraphicsDecision(mode: .sixel, reasons: reasons)
        }
        reasons.append(direct.deviceAttributes == nil ? "no answer to DA1: half-blocks" : "DA1 does not list attribute 4 (sixel): half-blocks")
        return GraphicsDecision(mode: .blocks, reasons: reasons)
    }

    private static func insideTmux(_ answers: TerminalAnswers) -> GraphicsDecision {
        let tmux = answers.tmux ?? TmuxAnswers(version: answers.direct.version.map(tmuxVersion), passthrough: nil)
        let name = "tmux \(tmux.version ?? "(version unknown)")"
        var reasons = ["inside \(name), allow-passthrough \(tmux.passthrough ?? "unknown")"]
        var notice: String?
        let outer = tmux.outer
        if let outer {
            reasons.append("the outer terminal answered through passthrough: \(outer.version ?? "no XTVERSION"), kitty query \(outer.kittyGraphics ?? "unanswered"), DA1 \(outer.deviceAttributes.map(describe) ?? "unanswered")")
        } else if tmux.passthroughOn {
            reasons.append("the outer terminal did not answer through passthrough")
        }
        if let outer, outer.speaksKitty {
            if supportsPlaceholders(outer.version) {
                reasons.append("\(outer.version ?? "the outer terminal") supports Unicode placeholders: kitty images through passthrough, placed by placeholder cells that tmux keeps in place")
                return GraphicsDecision(mode: .kitty, kittyPlaceholders: true, tmuxPassthrough: true, reasons: reasons)
            }
            notice = "\(outer.version ?? "the outer terminal") speaks kitty graphics but predates Unicode placeholders (kitty 0.28), which tmux needs: half-blocks"
            reasons.append(notice!)
        }
        if answers.direct.saysSixel {
            if tmux.isAtLeast(3, 4) {
                reasons.append("\(name) lists attribute 4 in DA1 (built with sixel, and the outer terminal has it): sixel through tmux")
                return GraphicsDecision(mode: .sixel, notice: nil, reasons: reasons)
            }
            reasons.append("\(name) lists attribute 4 but only 3.4 and later pass sixel through")
        }
        let outerSixel = outer?.saysSixel ?? false
        if notice == nil, outerSixel {
            notice = tmux.isAtLeast(3, 4)
                ? "\(name) was built without sixel (configure --enable-sixel), so the outer terminal's sixel is unused: half-blocks"
                : "\(name) drops sixel images (3.4 and later pass them through): half-blocks"
            reasons.append(notice!)
        }
        if notice == nil, outer.map({ isITerm2($0.version, [:]) || isWezTerm($0.version, [:]) }) ?? false {
            notice = "iTerm2 images do not survive tmux's redraws: half-blocks (--graphics iterm2 forces them)"
            reasons.append(notice!)
        }
        if notice == nil, !tmux.passthroughOn, !answers.direct.saysSixel {
            notice = "\(name) has allow-passthrough \(tmux.passthrough ?? "unknown"), so the outer terminal cannot be asked: half-blocks (tmux set -g allow-passthrough on)"
            reasons.append(notice!)
        }
        reasons.append("nothing finer reaches the screen through this tmux: half-blocks")
        return GraphicsDecision(mode: .blocks, notice: notice, reasons: reasons)
    }

    /// Kitty has drawn Unicode placeholders since 0.28; Ghostty always has.
    static func supportsPlaceholders(_ version: String?) -> Bool {
        guard let version = version?.lowercased() else { return false }
        if version.hasPrefix("ghostty") { return true }
        guard version.hasPrefix("kitty(") else { return false }
        let numbers = version.dropFirst(6).prefix { $0 != ")" }.split(separator: ".").compactMap { Int($0) }
        guard numbers.count >= 2 else { return false }
        return numbers[0] > 0 || numbers[1] >= 28
    }

    static func isWezTerm(_ version: String?, _ environment: [String: String]) -> Bool {
        (version?.hasPrefix("WezTerm") ?? false) || environment["TERM_PROGRAM"] == "WezTerm"
    }

    static func isITerm2(_ version: String?, _ environment: [String: String]) -> Bool {
        (version?.hasPrefix("iTerm2") ?? false) || environment["TERM_PROGRAM"] == "iTerm.app" || environment["LC_TERMINAL"] == "iTerm2"
    }

    /// "tmux 3.4" -> "3.4".
    static func tmuxVersion(_ xtversion: String) -> String {
        xtversion.hasPrefix("tmux ") ? String(xtversion.dropFirst(5)) : xtversion
    }

    static func describe(_ attributes: [Int]) -> String { attributes.map(String.init).joined(separator: ";") }
}
