/* text.h — the one module that measures, wraps, reorders and shapes text.
 *
 * Every screen and the CLI's plain-text output go through here: nothing
 * else in the program computes a display width, breaks a line or reorders
 * right-to-left text. The pipeline for a paragraph (see TEXT.md):
 *   UTF-8 -> clean (bad bytes -> U+FFFD, control characters dropped, TAB ->
 *   space) -> UTF-32 -> bidi levels + Arabic joining + shaping (fribidi, in
 *   logical order) -> UAX #14 line breaks (libunistring) with wcwidth cell
 *   widths -> per line: reorder (fribidi_reorder_line), strip zero-width
 *   controls -> right-align RTL lines.
 *
 * Model code never includes curses.h; lines come out as wchar_t cells ready
 * for mvwaddnwstr, plus for each cell the byte offset of the source
 * character, so callers can highlight a match or place a cursor.
 */
#ifndef BACKCARE_TEXT_H
#define BACKCARE_TEXT_H

#include <stdio.h>
#include <wchar.h>

enum text_dir {
	TEXT_AUTO = 0, /* first strong character decides; LTR if none */
	TEXT_LTR,
	TEXT_RTL,
};

/* Flags for text_layout. */
enum {
	TEXT_LOGICAL = 1 << 0, /* no reordering and no shaping (output to pipes) */
	TEXT_NOALIGN = 1 << 1, /* x is always 0, even for RTL lines */
};

struct text_line {
	wchar_t *wcs; /* the characters, in visual order (logical order with
	                 TEXT_LOGICAL), NUL-terminated; never a control char */
	int *pos;     /* pos[i]: byte offset in the source string of the
	                 character wcs[i] was made from (shaping keeps the
	                 offset of the logical character) */
	int len;      /* number of wchar_t in wcs */
	int cells;    /* display width of wcs: sum of wcwidth, never > width */
	int x;        /* where the line starts inside the width: 0 for LTR,
	                 width - cells for RTL (0 with TEXT_NOALIGN) */
	int rtl;      /* 1 if the paragraph's direction is right to left */
};

struct text_lines {
	struct text_line *v;
	int n;
};

/* Lays out one paragraph (a '\n' in utf8 starts a new paragraph with the
 * same direction) into lines of at most width cells (width >= 1). A word
 * longer than width is broken between characters; a double-width
 * character never straddles the edge. Trailing spaces are dropped. An
 * empty string gives one empty line. Returns 0, or -1 on out of memory. */
int text_layout(const char *utf8, int width, enum text_dir dir, unsigned flags,
                struct text_lines *out);
void text_lines_free(struct text_lines *lines);

/* One line: the whole string laid out on a single row, cut to width cells
 * with a trailing '…' (leading, for RTL) when it does not fit. */
int text_line1(const char *utf8, int width, enum text_dir dir, struct text_line *out);
void text_line_free(struct text_line *line);

/* Display width in cells of utf8 after cleaning (as drawn on one line). */
int text_width(const char *utf8);

/* A malloc'd copy of utf8 made safe to show: invalid bytes become U+FFFD,
 * C0/C1 controls (escape sequences' ESC included) and bidi embedding/
 * override/isolate controls are dropped, TAB becomes a space, '\n' is kept
 * only if keep_newlines. NULL on out of memory. */
char *text_clean(const char *utf8, int keep_newlines);

/* The characters of a line as malloc'd UTF-8 (x spaces first if indent). */
char *text_line_utf8(const struct text_line *line, int indent);

/* Search: finds needle in hay starting at byte offset from. Case-insensitive;
 * for Arabic, diacritics (harakat, tatweel) are ignored and alef/hamza
 * forms, taa marbuta/haa and alef maksura/yaa are treated as equal.
 * Returns the byte offset of the match in hay and sets *mlen to its length
 * in hay's bytes; -1 if there is none (or needle is empty). */
int text_find(const char *hay, const char *needle, int from, int *mlen);

/* Prints utf8 as wrapped lines to f, each line prefixed by indent spaces,
 * for the CLI: visual=1 lays it out as the screens do (reordered, RTL lines
 * right-aligned within width); visual=0 keeps logical order (pipes).
 * Returns 0 or -1 on a write error. */
int text_print(FILE *f, const char *utf8, int width, int indent, enum text_dir dir, int visual);

/* Resolved paragraph direction of utf8 (TEXT_LTR or TEXT_RTL); fallback is
 * returned when the string has no strong character. */
enum text_dir text_direction(const char *utf8, enum text_dir fallback);

/* Next/previous character boundary in utf8 from byte offset off (for line
 * editors). text_next returns strlen at the end; text_prev returns 0. */
int text_next(const char *utf8, int off);
int text_prev(const char *utf8, int off);

#endif
