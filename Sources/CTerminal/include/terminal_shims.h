#ifndef GENDEG_TERMINAL_SHIMS_H
#define GENDEG_TERMINAL_SHIMS_H
/* ncurses exposes much of its API as macros; these functions make them callable from Swift. */
int gd_term_placeholder(void);
#endif
