/// The text of `gendeg explore --dump-detect`: what was asked, what came back, what was
/// chosen and why, in a form to paste into a bug report.
public enum DetectionReport {
    public static func text(requested: GraphicsMode, answers: TerminalAnswers, decision: GraphicsDecision) -> String {
        var lines: [String] = []
        let environment = answers.environment
        lines.append("environment: " + ["TERM", "TERM_PROGRAM", "TERM_PROGRAM_VERSION", "COLORTERM", "TMUX", "LC_TERMINAL"]
            .map { "\($0)=\(environment[$0] ?? "(unset)")" }.joined(separator: " "))
        if !answers.hasTerminal {
            lines.append("terminal: none (/dev/tty could not be opened): nothing was asked")
        } else {
            lines.append("terminal (/dev/tty):")
            lines += describe(answers.direct, indent: "  ")
            lines.append("  cell pixels (TIOCGWINSZ): " + (answers.windowCellPixels.map(describe) ?? "not reported"))
        }
        lines.append("colours: " + (answers.trueColor ? "24-bit (COLORTERM)" : "256-colour palette (COLORTERM is not truecolor/24bit)"))
        if let tmux = answers.tmux {
            lines.append("tmux: version \(tmux.version ?? "unknown"), allow-passthrough \(tmux.passthrough ?? "unknown")")
            if let outer = tmux.outer {
                lines.append("  outer terminal, through passthrough:")
                lines += describe(outer, indent: "    ")
            } else {
                lines.append("  outer terminal: " + (tmux.passthroughOn ? "no answer through passthrough" : "not asked (passthrough off)"))
            }
        } else {
            lines.append("tmux: " + (answers.insideTmux ? "inside, not asked" : "not inside tmux"))
        }
        lines.append("requested: --graphics \(requested.rawValue)")
        var chosen = "chosen: \(decision.mode.rawValue)"
        if decision.mode == .kitty { chosen += decision.kittyPlaceholders ? " (Unicode placeholders)" : " (direct placements)" }
        if decision.tmuxPassthrough { chosen += ", through tmux passthrough" }
        lines.append(chosen)
        lines += decision.reasons.map { "  because: \($0)" }
        if let notice = decision.notice { lines.append("notice: \(notice)") }
        return lines.joined(separator: "\n")
    }

    private static func describe(_ answers: QueryAnswers, indent: String) -> [String] {
        [
            "DA1 attributes: " + (answers.deviceAttributes.map { $0.isEmpty ? "(none listed)" : $0.map(String.init).joined(separator: ";") + ($0.contains(4) ? " (4 = sixel)" : " (no 4: no sixel)") } ?? "no answer"),
            "XTVERSION: " + (answers.version ?? "no answer"),
            "kitty graphics query: " + (answers.kittyGraphics ?? "no answer"),
            "cell pixels (CSI 16 t): " + (answers.cellPixels.map(describe) ?? "no answer"),
            "sixel colour registers (XTSMGRAPHICS): " + (answers.colorRegisters.map(String.init) ?? "no answer"),
        ].map { indent + $0 }
    }

    private static func describe(_ cell: CellPixels) -> String { "\(cell.width)x\(cell.height)" }
}
