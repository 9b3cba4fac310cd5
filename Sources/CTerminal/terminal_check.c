#include "terminal_shims.h"
#include <ncursesw/curses.h>
#include <ncursesw/term.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

/* Kept apart from terminal_shims.c: term.h defines macros (clear_screen, lines, columns)
   that would clash with names there. */
int gd_terminal_check(char *message, int size) {
    const char *term = getenv("TERM");
    if (term == NULL || term[0] == '\0') {
        snprintf(message, (size_t)size, "TERM is not set");
        return 1;
    }
    int status = 0;
    if (setupterm((char *)term, STDOUT_FILENO, &status) != OK) {
        snprintf(message, (size_t)size, "TERM=%s is a terminal type this system has no terminfo entry for", term);
        return 1;
    }
    const char *move = tigetstr("cup");
    const char *erase_all = tigetstr("clear");
    int hardcopy = tigetflag("hc");
    int usable = move != NULL && move != (char *)-1 && erase_all != NULL && erase_all != (char *)-1 && hardcopy <= 0;
    del_curterm(cur_term);
    if (!usable) {
        snprintf(message, (size_t)size, "TERM=%s cannot move the cursor or clear the screen", term);
        return 1;
    }
    return 0;
}
