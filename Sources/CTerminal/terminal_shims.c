#include "terminal_shims.h"
int gd_term_placeholder(void) { return 0; }
