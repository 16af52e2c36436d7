#ifndef GRADLAB_CEDITLINE_SHIM_H
#define GRADLAB_CEDITLINE_SHIM_H
// libedit's native histedit API. el_set, el_get and history() are C variadic
// functions, which Swift cannot call: each use gets a static inline wrapper here.
#include <stdio.h>
#include <unistd.h>
#include <histedit.h>

/// Whether standard input is a terminal (the REPL uses libedit only then).
static inline int gradlab_stdin_is_tty(void) { return isatty(0); }

#endif
