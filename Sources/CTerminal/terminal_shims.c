#define _DEFAULT_SOURCE 1
#include "terminal_shims.h"
#define _XOPEN_SOURCE_EXTENDED 1
#define NCURSES_WIDECHAR 1
#include <langinfo.h>
#include <locale.h>
#include <ncursesw/curses.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static volatile sig_atomic_t screen_active = 0;
static volatile sig_atomic_t guards_installed = 0;

int gd_screen_start(void) {
    setlocale(LC_ALL, "");
    if (initscr() == NULL) return -1;
    cbreak();
    noecho();
    nonl();
    keypad(stdscr, TRUE);
    curs_set(0);
    /* Images live in cells curses believes blank: it must never shift line contents. */
    idcok(stdscr, FALSE);
    idlok(stdscr, FALSE);
    scrollok(stdscr, FALSE);
    set_escdelay(25);
    if (has_colors()) {
        start_color();
        use_default_colors();
    }
    screen_active = 1;
    return 0;
}

void gd_screen_end(void) {
    if (screen_active) {
        screen_active = 0;
        curs_set(1);
        endwin();
    }
}

int gd_screen_active(void) { return screen_active; }

void gd_screen_size(int *rows, int *cols) { getmaxyx(stdscr, *rows, *cols); }
int gd_colors(void) { return COLORS; }
int gd_color_pairs(void) { return COLOR_PAIRS; }
int gd_has_colors(void) { return has_colors(); }
int gd_define_pair(int pair, int foreground, int background) { return init_pair((short)pair, (short)foreground, (short)background); }

void gd_erase(void) { erase(); }
void gd_clear_all(void) { clearok(stdscr, TRUE); }

void gd_redraw_all(void) { redrawwin(stdscr); }

void gd_put(int row, int col, const char *utf8, int max_bytes) { mvaddnstr(row, col, utf8, max_bytes); }

void gd_set_style(int pair, int bold, int reverse, int underline) {
    attr_t attributes = A_NORMAL;
    if (bold) attributes |= A_BOLD;
    if (reverse) attributes |= A_REVERSE;
    if (underline) attributes |= A_UNDERLINE;
    attrset(attributes | COLOR_PAIR(pair));
}

void gd_fill(int row, int col, int count, int pair) {
    attrset(COLOR_PAIR(pair));
    mvhline(row, col, ' ', count);
}

void gd_refresh(void) { refresh(); }
void gd_touch_rows(int first, int count) { touchline(stdscr, first, count); }
void gd_move_cursor(int row, int col) { move(row, col); }

int gd_read_key(int *code) {
    wint_t value = 0;
    int kind = get_wch(&value);
    *code = (int)value;
    if (kind == ERR) return -1;
    return kind == KEY_CODE_YES ? 1 : 0;
}

void gd_input_timeout(int milliseconds) { timeout(milliseconds); }

int gd_key_up(void) { return KEY_UP; }
int gd_key_down(void) { return KEY_DOWN; }
int gd_key_left(void) { return KEY_LEFT; }
int gd_key_right(void) { return KEY_RIGHT; }
int gd_key_backtab(void) { return KEY_BTAB; }
int gd_key_resize(void) { return KEY_RESIZE; }
int gd_key_enter(void) { return KEY_ENTER; }
int gd_key_backspace(void) { return KEY_BACKSPACE; }
int gd_key_home(void) { return KEY_HOME; }
int gd_key_end(void) { return KEY_END; }
int gd_key_npage(void) { return KEY_NPAGE; }
int gd_key_ppage(void) { return KEY_PPAGE; }
int gd_key_dc(void) { return KEY_DC; }
int gd_key_f(int n) { return KEY_F(n); }

int gd_locale_is_utf8(void) {
    const char *codeset = nl_langinfo(CODESET);
    return codeset && (strcmp(codeset, "UTF-8") == 0 || strcmp(codeset, "utf8") == 0);
}

void gd_put_line_char(int row, int col, int which) {
    chtype glyph;
    switch (which) {
    case GD_LINE_HORIZONTAL: glyph = ACS_HLINE; break;
    case GD_LINE_VERTICAL: glyph = ACS_VLINE; break;
    case GD_LINE_TOP_LEFT: glyph = ACS_ULCORNER; break;
    case GD_LINE_TOP_RIGHT: glyph = ACS_URCORNER; break;
    case GD_LINE_BOTTOM_LEFT: glyph = ACS_LLCORNER; break;
    case GD_LINE_BOTTOM_RIGHT: glyph = ACS_LRCORNER; break;
    case GD_LINE_KNOB: glyph = ACS_DIAMOND; break;
    case GD_LINE_BLOCK: glyph = ACS_BLOCK; break;
    case GD_LINE_LEFT_ARROW: glyph = ACS_LARROW; break;
    case GD_LINE_RIGHT_ARROW: glyph = ACS_RARROW; break;
    case GD_LINE_BULLET: glyph = ACS_BULLET; break;
    default: glyph = ACS_CKBOARD; break;
    }
    mvaddch(row, col, glyph);
}

int gd_write_raw(const char *bytes, long count) {
    long done = 0;
    while (done < count) {
        ssize_t n = write(STDOUT_FILENO, bytes + done, (size_t)(count - done));
        if (n < 0) return -1;
        done += n;
    }
    return 0;
}

/* Only async-signal-safe calls here besides endwin, which ncurses documents as the way to
   leave curses mode from a handler. The reset sequence ends any sixel in progress (ST),
   resets attributes, shows the cursor and leaves the alternate screen. */
void gd_restore_terminal(void) {
    static const char reset[] = "\033\\\033[0m\033[?25h\033[?1049l";
    if (screen_active) {
        screen_active = 0;
        endwin();
        ssize_t ignored = write(STDOUT_FILENO, reset, sizeof reset - 1);
        (void)ignored;
    }
}

static void restore_at_exit(void) { gd_restore_terminal(); }

static void restore_on_signal(int signal_number) {
    gd_restore_terminal();
    struct sigaction fallback;
    memset(&fallback, 0, sizeof fallback);
    fallback.sa_handler = SIG_DFL;
    sigemptyset(&fallback.sa_mask);
    sigaction(signal_number, &fallback, NULL);
    raise(signal_number);
}

void gd_install_terminal_guards(void) {
    if (guards_installed) return;
    guards_installed = 1;
    atexit(restore_at_exit);
    const int signals[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT};
    for (size_t i = 0; i < sizeof signals / sizeof signals[0]; i++) {
        struct sigaction action;
        memset(&action, 0, sizeof action);
        action.sa_handler = restore_on_signal;
        sigemptyset(&action.sa_mask);
        action.sa_flags = SA_RESETHAND;
        sigaction(signals[i], &action, NULL);
    }
}
