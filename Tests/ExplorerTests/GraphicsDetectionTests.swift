@testable import GenDegExplorer
import XCTest

/// The detection order replayed on recorded and documented terminal answers.
final class GraphicsDetectionTests: XCTestCase {
    private typealias F = TerminalAnswerFixtures

    private func auto(_ answers: TerminalAnswers) -> GraphicsDecision { GraphicsDetection.decide(.auto, answers: answers) }

    func testRepliesAreSplitIntoSequences() {
        let replies = TerminalReply.scan(F.bytes("typed\(F.esc)_Gi=31;OK\(F.st)x\(F.esc)P>|kitty(0.26.5)\(F.st)\(F.esc)[?1;0;256S\(F.esc)[6;18;9t\(F.esc)[?62;c\(F.esc)[?6"))
        XCTAssertEqual(replies, [.apc("Gi=31;OK"), .dcs(">|kitty(0.26.5)"), .csi(parameters: "?1;0;256", final: "S"),
                                 .csi(parameters: "6;18;9", final: "t"), .csi(parameters: "?62;", final: "c")],
                       "typed bytes are skipped and the cut-off DA1 at the end is no reply")
        let answers = QueryAnswers(replies: F.bytes("\(F.esc)[?1;0;256S\(F.esc)[?63;1;2;4c"))
        XCTAssertEqual(answers.deviceAttributes, [63, 1, 2, 4], "XTSMGRAPHICS's ESC [ ? answer is not taken for DA1")
        XCTAssertEqual(answers.colorRegisters, 256)
        XCTAssertNil(QueryAnswers(replies: F.bytes("\(F.esc)[?1;3;0S")).colorRegisters, "status 3 is a failure")
        XCTAssertEqual(QueryAnswers(replies: F.bytes("\(F.esc)_Gi=31;EINVAL:bad format\(F.st)")).kittyGraphics, "EINVAL:bad format")
        XCTAssertFalse(QueryAnswers(replies: F.bytes("\(F.esc)_Gi=31;EINVAL:bad format\(F.st)")).speaksKitty)
        XCTAssertNil(QueryAnswers(replies: F.bytes("\(F.esc)[6;0;0t")).cellPixels)
        XCTAssertEqual(QueryAnswers(replies: F.bytes("\(F.esc)[6;20;10t")).cellPixels, CellPixels(width: 10, height: 20))
    }

    func testTheQueriesEndWithDA1AndWrapForTmux() {
        XCTAssertTrue(TerminalQueries.round.hasPrefix("\u{1B}_Gi=31,s=1,v=1,a=q,t=d,f=24;AAAA\u{1B}\\"))
        XCTAssertTrue(TerminalQueries.round.hasSuffix("\u{1B}[c"), "DA1 last: its answer ends the wait")
        XCTAssertTrue(TerminalQueries.roundInsideTmux.hasSuffix("\u{1B}[c"))
        XCTAssertFalse(TerminalQueries.roundInsideTmux.contains("\u{1B}_G"), "tmux would take a bare kitty query for a pane title")
        XCTAssertEqual(String(decoding: TerminalQueries.tmuxWrapped(Array("\u{1B}[c".utf8)), as: UTF8.self), "\u{1B}Ptmux;\u{1B}\u{1B}[c\u{1B}\\")
        XCTAssertEqual(String(decoding: TerminalQueries.tmuxWrapped(Array("\u{1B}_Ga=q;AAAA\u{1B}\\".utf8)), as: UTF8.self),
                       "\u{1B}Ptmux;\u{1B}\u{1B}_Ga=q;AAAA\u{1B}\u{1B}\\\u{1B}\\", "every ESC inside is doubled")
    }

    func testXtermGetsSixel() {
        let decision = auto(F.xterm)
        XCTAssertEqual(decision.mode, .sixel)
        XCTAssertNil(decision.notice)
        XCTAssertEqual(F.xterm.direct.colorRegisters, 256)
        XCTAssertEqual(F.xterm.direct.version, "XTerm(379)")
    }

    func testKittyGetsDirectKittyPlacements() {
        let decision = auto(F.kitty)
        XCTAssertEqual(decision.mode, .kitty)
        XCTAssertFalse(decision.kittyPlaceholders)
        XCTAssertFalse(decision.tmuxPassthrough)
        XCTAssertEqual(F.kitty.cellPixels, CellPixels(width: 9, height: 18))
        XCTAssertEqual(GraphicsSetup(decision: decision, answers: F.kitty).depth, .trueColor)
        XCTAssertEqual(decision.kittyFormat, .rgba, "local: raw RGBA")
        var remote = F.kitty
        remote.environment["SSH_CONNECTION"] = "10.0.0.2 50000 10.0.0.1 22"
        XCTAssertEqual(auto(remote).kittyFormat, .png, "over ssh: PNG")
        XCTAssertEqual(auto(F.tmux34InKitty).kittyFormat, .png, "through tmux: PNG")
    }

    func testWezTermGetsITerm2ImagesEvenWhenItAnswersKitty() {
        XCTAssertEqual(auto(F.wezterm).mode, .iterm2)
        let withKitty = auto(F.weztermWithKitty)
        XCTAssertEqual(withKitty.mode, .iterm2)
        XCTAssertTrue(withKitty.reasons.joined().contains("WezTerm"), withKitty.reasons.joined(separator: "\n"))
        XCTAssertEqual(auto(TerminalAnswers(environment: ["TERM_PROGRAM": "iTerm.app"])).mode, .iterm2, "iTerm2 by TERM_PROGRAM")
    }

    func testFootGetsSixelAndKonsoleGetsKitty() {
        XCTAssertEqual(auto(F.foot).mode, .sixel)
        XCTAssertEqual(F.foot.cellPixels, CellPixels(width: 10, height: 20), "from CSI 16 t when the kernel has no pixel size")
        XCTAssertEqual(auto(F.konsole).mode, .kitty)
    }

    func testSilentTerminalGetsBlocks() {
        let decision = auto(TerminalAnswers(environment: ["TERM": "linux"]))
        XCTAssertEqual(decision.mode, .blocks)
        XCTAssertNil(decision.notice)
        XCTAssertEqual(auto(TerminalAnswers(environment: [:], hasTerminal: false)).mode, .blocks)
    }

    func testTmux33GivesBlocksAndSaysWhy() {
        let off = auto(F.tmux33InXterm)
        XCTAssertEqual(off.mode, .blocks)
        XCTAssertTrue(off.notice?.contains("allow-passthrough off") ?? false, off.notice ?? "no notice")
        let sixelOutside = auto(F.tmux33InXtermPassthrough)
        XCTAssertEqual(sixelOutside.mode, .blocks)
        XCTAssertTrue(sixelOutside.notice?.contains("tmux 3.3a drops sixel") ?? false, sixelOutside.notice ?? "no notice")
        let kittyOutside = auto(F.tmux33InKitty)
        XCTAssertEqual(kittyOutside.mode, .blocks)
        XCTAssertTrue(kittyOutside.notice?.contains("kitty(0.26.5)") ?? false, kittyOutside.notice ?? "no notice")
        XCTAssertTrue(kittyOutside.notice?.contains("placeholders") ?? false, kittyOutside.notice ?? "no notice")
        for decision in [off, sixelOutside, kittyOutside] { XCTAssertFalse(decision.notice!.contains("\n"), "one line") }
    }

    func testTmux34PassesSixelOrKittyPlaceholders() {
        let sixel = auto(F.tmux34InXterm)
        XCTAssertEqual(sixel.mode, .sixel)
        XCTAssertFalse(sixel.tmuxPassthrough, "tmux 3.4 draws sixel itself")
        let noSixel = auto(F.tmux34NoSixelInXterm)
        XCTAssertEqual(noSixel.mode, .blocks)
        XCTAssertTrue(noSixel.notice?.contains("--enable-sixel") ?? false, noSixel.notice ?? "no notice")
        let kitty = auto(F.tmux34InKitty)
        XCTAssertEqual(kitty.mode, .kitty)
        XCTAssertTrue(kitty.kittyPlaceholders)
        XCTAssertTrue(kitty.tmuxPassthrough)
        XCTAssertNil(kitty.notice)
    }

    func testRequestedModesAreHonoured() {
        XCTAssertEqual(GraphicsDetection.decide(.blocks, answers: F.kitty).mode, .blocks)
        XCTAssertEqual(GraphicsDetection.decide(.none, answers: F.kitty).mode, .none)
        XCTAssertEqual(GraphicsDetection.decide(.sixel, answers: F.kitty).mode, .sixel)
        XCTAssertEqual(GraphicsDetection.decide(.iterm2, answers: F.xterm).mode, .iterm2)
        let kittyInTmux = GraphicsDetection.decide(.kitty, answers: F.tmux33InXterm)
        XCTAssertEqual(kittyInTmux.mode, .kitty)
        XCTAssertTrue(kittyInTmux.kittyPlaceholders && kittyInTmux.tmuxPassthrough)
        let kitty = GraphicsDetection.decide(.kitty, answers: F.xterm)
        XCTAssertFalse(kitty.kittyPlaceholders || kitty.tmuxPassthrough)
    }

    func testPlaceholderAndVersionRules() {
        XCTAssertTrue(GraphicsDetection.supportsPlaceholders("kitty(0.28.0)"))
        XCTAssertTrue(GraphicsDetection.supportsPlaceholders("kitty(0.35.2)"))
        XCTAssertFalse(GraphicsDetection.supportsPlaceholders("kitty(0.27.1)"))
        XCTAssertTrue(GraphicsDetection.supportsPlaceholders("ghostty 1.1.3"))
        XCTAssertFalse(GraphicsDetection.supportsPlaceholders(nil))
        XCTAssertTrue(TmuxAnswers(version: "3.4", passthrough: nil).isAtLeast(3, 4))
        XCTAssertTrue(TmuxAnswers(version: "next-3.6", passthrough: nil).isAtLeast(3, 4))
        XCTAssertFalse(TmuxAnswers(version: "3.3a", passthrough: nil).isAtLeast(3, 4))
        XCTAssertTrue(TmuxAnswers(version: "3.3a", passthrough: nil).isAtLeast(3, 3))
        XCTAssertFalse(TmuxAnswers(version: nil, passthrough: nil).isAtLeast(1, 0))
    }

    func testDumpReportSaysWhatWasAskedAnsweredAndChosen() {
        let report = DetectionReport.text(requested: .auto, answers: F.tmux33InKitty, decision: auto(F.tmux33InKitty))
        for expected in ["TMUX=/tmp/tmux-0/default,1234,0", "DA1 attributes: 1;2 (no 4: no sixel)", "XTVERSION: tmux 3.3a",
                         "kitty graphics query: no answer", "tmux: version 3.3a, allow-passthrough on", "outer terminal, through passthrough:",
                         "kitty graphics query: OK", "XTVERSION: kitty(0.26.5)", "colours: 256-colour palette", "requested: --graphics auto",
                         "chosen: blocks", "notice: kitty(0.26.5) speaks kitty graphics"] {
            XCTAssertTrue(report.contains(expected), "missing '\(expected)' in:\n\(report)")
        }
        let xterm = DetectionReport.text(requested: .auto, answers: F.xterm, decision: auto(F.xterm))
        for expected in ["DA1 attributes: 63;1;2;4;6;9;15;16;22;28 (4 = sixel)", "cell pixels (CSI 16 t): no answer",
                         "cell pixels (TIOCGWINSZ): 6x13", "sixel colour registers (XTSMGRAPHICS): 256", "not inside tmux",
                         "chosen: sixel", "because: DA1 lists attribute 4: sixel"] {
            XCTAssertTrue(xterm.contains(expected), "missing '\(expected)' in:\n\(xterm)")
        }
        let none = DetectionReport.text(requested: .auto, answers: TerminalAnswers(environment: [:], hasTerminal: false),
                                        decision: auto(TerminalAnswers(environment: [:], hasTerminal: false)))
        XCTAssertTrue(none.contains("terminal: none (/dev/tty could not be opened)"), none)
    }
}
