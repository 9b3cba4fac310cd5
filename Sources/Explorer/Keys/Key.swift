/// A key press, decoded from ncurses' input into what the explorer distinguishes.
public enum Key: Equatable, Sendable {
    case char(Character)
    case up, down, left, right
    case tab, backTab
    case enter, escape, backspace, delete
    case home, end, pageUp, pageDown
    case resize

    /// Keys as tests and the tmux driver spell them: "a", "<Left>", "<Esc>", "<Tab>", "<PgDn>", "<Space>".
    public init?(spelling: String) {
        switch spelling {
        case "<Up>": self = .up
        case "<Down>": self = .down
        case "<Left>": self = .left
        case "<Right>": self = .right
        case "<Tab>": self = .tab
        case "<S-Tab>": self = .backTab
        case "<Enter>": self = .enter
        case "<Esc>": self = .escape
        case "<BS>": self = .backspace
        case "<PgUp>": self = .pageUp
        case "<PgDn>": self = .pageDown
        case "<Home>": self = .home
        case "<End>": self = .end
        case "<Space>": self = .char(" ")
        default:
            guard spelling.count == 1, let c = spelling.first else { return nil }
            self = .char(c)
        }
    }
}
