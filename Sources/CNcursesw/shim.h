#ifndef CNCURSESW_SHIM_H
#define CNCURSESW_SHIM_H

/* The wide-character API (get_wch, mvwaddnwstr, cchar_t, ...) is declared only
 * when NCURSES_WIDECHAR is 1. SwiftPM drops pkg-config's -D_XOPEN_SOURCE=600, so
 * define it here rather than rely on the build passing it to the Clang importer. */
#ifndef NCURSES_WIDECHAR
#define NCURSES_WIDECHAR 1
#endif

#include <langinfo.h>
#include <locale.h>
#include <stdio.h>
#include <termios.h>
#include <unistd.h>
#include <wchar.h>
#if __has_include(<ncursesw/curses.h>)
#include <ncursesw/curses.h>
#else
#include <curses.h>
#endif

/* Mutable C globals and function-like macros are not usable from Swift 6;
 * these accessors are the only way the backend reaches them. */
static inline WINDOW *psl_stdscr(void) { return stdscr; }
static inline FILE *psl_stdin(void) { return stdin; }
static inline FILE *psl_stdout(void) { return stdout; }
static inline int psl_colors(void) { return COLORS; }
static inline int psl_color_pairs(void) { return COLOR_PAIRS; }
static inline attr_t psl_color_pair(int n) { return (attr_t)COLOR_PAIR(n); }
static inline attr_t psl_a_normal(void) { return A_NORMAL; }
static inline attr_t psl_a_bold(void) { return A_BOLD; }
static inline attr_t psl_a_dim(void) { return A_DIM; }
static inline attr_t psl_a_reverse(void) { return A_REVERSE; }
static inline attr_t psl_a_underline(void) { return A_UNDERLINE; }
static inline attr_t psl_a_italic(void) { return A_ITALIC; }
static inline mmask_t psl_all_mouse_events(void) { return ALL_MOUSE_EVENTS; }
static inline mmask_t psl_button1_clicked(void) { return BUTTON1_CLICKED; }
static inline mmask_t psl_button1_pressed(void) { return BUTTON1_PRESSED; }
static inline mmask_t psl_button1_released(void) { return BUTTON1_RELEASED; }
static inline mmask_t psl_button4_pressed(void) { return BUTTON4_PRESSED; }
static inline mmask_t psl_button5_pressed(void) { return BUTTON5_PRESSED; }
static inline void psl_getmaxyx(WINDOW *w, int *rows, int *cols) {
    int y = 0, x = 0;
    getmaxyx(w, y, x);
    *rows = y;
    *cols = x;
}
/* Returns OK (a character in *ch), KEY_CODE_YES (a KEY_* code in *ch) or ERR. */
static inline int psl_get_wch(WINDOW *w, wint_t *ch) { return wget_wch(w, ch); }
/* Reads back one row of ncurses' virtual screen, for tests. */
static inline int psl_read_row(WINDOW *w, int y, wchar_t *buf, int n) {
    return mvwinnwstr(w, y, 0, buf, n);
}
/* Attributes of one cell of the virtual screen, for tests. */
static inline attr_t psl_attr_at(WINDOW *w, int y, int x) {
    return (attr_t)(mvwinch(w, y, x) & A_ATTRIBUTES);
}
static inline const char *psl_codeset(void) { return nl_langinfo(CODESET); }
#endif
