/* cardlayout.h — one card laid out for a width as the blocks a front end
 * draws: the app's reader (tui/cards.c) and `backcare show`
 * (cli_content.c) both draw these, so they show a card the same way.
 *
 * The model decides everything but the drawing: the order and spacing of
 * the parts, the marks of bullets and links, and whether a table is a
 * grid (when its columns fit the width, cells wrapping inside narrowed
 * columns) or a list of "Column: value" lines (when they do not, or when
 * a right-to-left grid would hold a cell the bidi algorithm could move).
 * Grid rows and their rule come already laid out, one block per line,
 * each at most width cells wide in logical order: front ends draw them
 * without wrapping again.
 *
 * Owns the block texts; card_layout_free frees them. The card set must
 * outlive nothing here (titles of linked cards are copied). */
#ifndef BACKCARE_CARDLAYOUT_H
#define BACKCARE_CARDLAYOUT_H

#include "content.h"

enum cl_kind {
	CL_BLANK,     /* an empty line between parts */
	CL_TITLE,     /* the card's title */
	CL_TEXT,      /* summary and paragraphs */
	CL_HEADING,   /* section headings, "See also:", "Sources:" */
	CL_BULLET,    /* mark + text, continuation lines under the text */
	CL_LINK,      /* a see-also card: mark + its title; link is its index */
	CL_GRID_HEAD, /* a line of a table's heading row (nowrap) */
	CL_RULE,      /* the dashes under a grid's heading row (nowrap) */
	CL_GRID_ROW,  /* a line of a table row (nowrap) */
	CL_NOTE,      /* the review date */
};

struct cl_block {
	enum cl_kind kind;
	char *text;       /* UTF-8 in logical order, never NULL */
	const char *mark; /* "•", "→" ("←" right to left) or "" */
	int indent;       /* cells before the mark, from the line's start side */
	int link;         /* CL_LINK: the linked card's index in the set; else -1 */
	int key;          /* the card element it came from: equal at every
	                     width, so a reader keeps its place on a resize */
};

struct card_layout {
	struct cl_block *v;
	int n, cap;
};

/* Lays card c of set out for width cells (>= 10) in a language written
 * right to left or not. Returns 0, -1 on out of memory (out then holds
 * what was made; free it either way). */
int card_layout(const struct card_set *set, const struct card *c, int width, int rtl,
                struct card_layout *out);
void card_layout_free(struct card_layout *l);

#endif
