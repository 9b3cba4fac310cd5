#ifndef GENDEG_TERMINAL_SHIMS_H
#define GENDEG_TERMINAL_SHIMS_H
/* ncurses exposes much of its API as macros, and signal-safe terminal restoration is best
   written in C; these functions make both callable from Swift. */
#include <stdint.h>

typedef struct gd_window gd_window;

/* Screen lifetime. gd_screen_start returns 0 on success. */
int gd_screen_start(void);
void gd_screen_end(void);
int gd_screen_active(void);

/* Size and colours. */
void gd_screen_size(int *rows, int *cols);
int gd_colors(void);
int gd_color_pairs(void);
int gd_define_pair(int pair, int foreground, int background);
int gd_has_colors(void);

/* Drawing on the standard screen. */
void gd_erase(void);
void gd_clear_all(void);
/* Rewrites every cell on the next refresh without clearing the screen (kitty frees images on a clear). */
void gd_redraw_all(void);
void gd_put(int row, int col, const char *utf8, int max_bytes);
void gd_set_style(int pair, int bold, int reverse, int underline);
void gd_fill(int row, int col, int count, int pair);
void gd_refresh(void);
void gd_touch_rows(int first, int count);
void gd_move_cursor(int row, int col);

/* Input: returns 0 for a character (in *code), 1 for a function key (KEY_* in *code), -1 for
   no input within the timeout set by gd_input_timeout. */
int gd_read_key(int *code);
void gd_input_timeout(int milliseconds);

/* Key codes. */
int gd_key_up(void);
int gd_key_down(void);
int gd_key_left(void);
int gd_key_right(void);
int gd_key_backtab(void);
int gd_key_resize(void);
int gd_key_enter(void);
int gd_key_backspace(void);
int gd_key_home(void);
int gd_key_end(void);
int gd_key_npage(void);
int gd_key_ppage(void);
int gd_key_dc(void);
/* KEY_F(n): function key n. */
int gd_key_f(int n);

/* Line drawing through the terminal's alternate character set (ACS_*), for locales that
   cannot show Unicode box drawing. gd_locale_is_utf8 is meaningful after gd_screen_start. */
enum {
    GD_LINE_HORIZONTAL, GD_LINE_VERTICAL, GD_LINE_TOP_LEFT, GD_LINE_TOP_RIGHT,
    GD_LINE_BOTTOM_LEFT, GD_LINE_BOTTOM_RIGHT, GD_LINE_KNOB, GD_LINE_BLOCK, GD_LINE_SHADE,
    GD_LINE_LEFT_ARROW, GD_LINE_RIGHT_ARROW, GD_LINE_BULLET
};
int gd_locale_is_utf8(void);
void gd_put_line_char(int row, int col, int which);

/* Writes raw bytes to the terminal, bypassing ncurses (for sixel and colour blocks). */
int gd_write_raw(const char *bytes, long count);

/* Restores the terminal on exit, SIGINT, SIGTERM, SIGHUP and crashes (SIGSEGV, SIGBUS,
   SIGILL, SIGFPE, SIGABRT), then lets the signal take its normal course. */
void gd_install_terminal_guards(void);
/* Restores the terminal now: ends curses mode, shows the cursor, leaves the alternate screen. */
void gd_restore_terminal(void);
/* Before gd_screen_start: 0 when curses can drive the terminal $TERM names (a terminfo entry
   that can move the cursor and clear the screen); else 1 with the reason in message. initscr
   exits by itself on an unknown TERM and draws garbage on a dumb one. */
int gd_terminal_check(char *message, int size);

#endif
