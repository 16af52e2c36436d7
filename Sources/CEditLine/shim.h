#ifndef GRADLAB_CEDITLINE_SHIM_H
#define GRADLAB_CEDITLINE_SHIM_H
// libedit's native histedit API. el_set, el_get and history() are C variadic
// functions, which Swift cannot call: each use gets a static inline wrapper here.
// The C globals stdin/stdout/stderr are not usable from Swift 6 either, so
// el_init is wrapped too.
//
// Nothing in this header keeps state. Every function here is `static inline`,
// so each object file that calls one (directly or through Swift code inlined
// into it) gets its own copy, and a `static` variable inside one would exist
// once per copy: the optimized build once set the prompt in one copy while
// libedit read another, and showed no prompt. What must persist (the prompt's
// text, the Tab completer) is owned by the Swift side (EditLineReader).
#include <stdio.h>
#include <string.h>
#include <histedit.h>

/// libedit's prompt callback: the text EL_CLIENTDATA points at, which the
/// caller sets before each el_gets (the Swift side owns that text).
static inline char *gradlab_prompt_from_client_data(EditLine *el) {
    void *text = NULL;
    if (el_get(el, EL_CLIENTDATA, &text) != 0 || text == NULL) return (char *)"";
    return (char *)text;
}

/// Makes `text` the prompt of the next el_gets; it must stay valid until then.
static inline void gradlab_el_set_prompt_text(EditLine *el, char *text) {
    el_set(el, EL_CLIENTDATA, (void *)text);
}

/// A line editor on the terminal with emacs keys, the prompt its client data
/// names, and a history of at most `size` entries without consecutive duplicates.
static inline EditLine *gradlab_el_open(const char *program, History **history_out, int size) {
    EditLine *el = el_init(program, stdin, stdout, stderr);
    if (el == NULL) return NULL;
    el_set(el, EL_EDITOR, "emacs");
    el_set(el, EL_CLIENTDATA, (void *)"");
    el_set(el, EL_PROMPT, gradlab_prompt_from_client_data);
    History *h = history_init();
    if (h != NULL) {
        HistEvent ev;
        history(h, &ev, H_SETSIZE, size);
        history(h, &ev, H_SETUNIQUE, 1);
        el_set(el, EL_HIST, history, h);
    }
    *history_out = h;
    // Ctrl-R searches the history backwards, as in readline.
    el_set(el, EL_BIND, "^R", "em-inc-search-prev", NULL);
    return el;
}

static inline void gradlab_el_close(EditLine *el, History *h) {
    if (el != NULL) el_end(el);
    if (h != NULL) history_end(h);
}

/// Adds an entry to libedit's in-memory history (Up-arrow recall).
static inline void gradlab_history_add(History *h, const char *entry) {
    if (h == NULL) return;
    HistEvent ev;
    history(h, &ev, H_ENTER, entry);
}

/// Tab completion: libedit calls `complete` with the line buffer's text before
/// the cursor; it returns the text to insert (or NULL) and may print choices.
typedef unsigned char (*gradlab_completer)(EditLine *, int);
static inline void gradlab_el_set_completer(EditLine *el, gradlab_completer complete) {
    el_set(el, EL_ADDFN, "gradlab-complete", "Complete a name", complete);
    el_set(el, EL_BIND, "^I", "gradlab-complete", NULL);
}

/// The text from the start of the line to the cursor.
static inline int gradlab_el_line_before_cursor(EditLine *el, char *buffer, int capacity) {
    const LineInfo *info = el_line(el);
    int n = (int)(info->cursor - info->buffer);
    if (n >= capacity) n = capacity - 1;
    memcpy(buffer, info->buffer, (size_t)n);
    buffer[n] = 0;
    return n;
}

static inline int gradlab_el_insert(EditLine *el, const char *text) { return el_insertstr(el, text); }
#endif
