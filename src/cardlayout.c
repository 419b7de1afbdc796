/* cardlayout.c — a card as blocks for the reader and `show` (see the
 * header for the contract). */
#include "cardlayout.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "text.h"

#define GAP 2       /* spaces between grid columns */
#define MIN_COL 10  /* a column narrower than this wraps too much to read */
#define MAX_WORD 18 /* a longer word may break inside a narrowed column */

struct lay {
	struct card_layout *out;
	int width, rtl, key, err;
};

static void add(struct lay *l, enum cl_kind kind, int indent, const char *mark, int link,
                const char *text)
{
	struct card_layout *o = l->out;
	char *s = strdup(text ? text : "");

	if (s && o->n == o->cap) {
		int cap = o->cap ? o->cap * 2 : 64;
		struct cl_block *v = realloc(o->v, (size_t)cap * sizeof *v);
		if (!v) {
			free(s);
			s = NULL;
		} else {
			o->v = v;
			o->cap = cap;
		}
	}
	if (!s) {
		l->err = 1;
		return;
	}
	o->v[o->n++] = (struct cl_block){kind, s, mark ? mark : "", indent, link, l->key};
}

static void blank(struct lay *l)
{
	add(l, CL_BLANK, 0, NULL, -1, "");
}

/* A new element: the next key. */
static void put(struct lay *l, enum cl_kind kind, int indent, const char *mark, const char *text)
{
	l->key++;
	add(l, kind, indent, mark, -1, text);
}

/* --- tables ------------------------------------------------------------------ */

static void free_strv(char **v, int n)
{
	for (int i = 0; v && i < n; i++)
		free(v[i]);
	free(v);
}

/* The cells made safe and one paragraph each, the headings as row 0. */
static char **table_cells(const struct card_table *tb)
{
	int n = (tb->nrows + 1) * tb->ncols;
	char **v = calloc((size_t)n, sizeof *v);

	for (int i = 0; v && i < n; i++) {
		const char *s = i < tb->ncols ? tb->columns[i] : tb->cells[i - tb->ncols];
		if (!(v[i] = text_clean(s ? s : "", 1))) {
			free_strv(v, n);
			return NULL;
		}
		for (char *p = v[i]; *p; p++)
			if (*p == '\n')
				*p = ' ';
	}
	return v;
}

/* The widest space-separated word of s, in cells. */
static int longest_word(const char *s)
{
	int best = 0;
	char *copy = strdup(s), *save = NULL;

	for (char *w = copy ? strtok_r(copy, " ", &save) : NULL; w;
	     w = strtok_r(NULL, " ", &save)) {
		int cw = text_width(w);
		if (cw > best)
			best = cw;
	}
	free(copy);
	return best;
}

/* Column widths for a grid within width: each column as wide as its
 * widest cell, the widest narrowed first while the total is too wide.
 * 0 if a column would have to go below what a word of it needs. */
static int grid_widths(char **v, int ncols, int nrows, int width, int *w)
{
	int total = GAP * (ncols - 1), *min = calloc((size_t)ncols, sizeof *min);

	if (!min)
		return 0;
	for (int j = 0; j < ncols; j++) {
		int word = 0;
		w[j] = 0;
		for (int r = 0; r <= nrows; r++) {
			int cw = text_width(v[r * ncols + j]), lw = longest_word(v[r * ncols + j]);
			w[j] = cw > w[j] ? cw : w[j];
			word = lw > word ? lw : word;
		}
		word = word > MAX_WORD ? MAX_WORD : word < MIN_COL ? MIN_COL : word;
		min[j] = w[j] < word ? w[j] : word;
		total += w[j];
	}
	while (total > width) {
		int widest = -1;
		for (int j = 0; j < ncols; j++)
			if (w[j] > min[j] && (widest < 0 || w[j] > w[widest]))
				widest = j;
		if (widest < 0)
			break;
		w[widest]--;
		total--;
	}
	free(min);
	return total <= width;
}

/* A right-to-left grid is ordered by the bidi algorithm: a cell that does
 * not read right to left could join its neighbour and swap places, so
 * such tables are lists. */
static int grid_safe(const struct lay *l, char **v, int n)
{
	for (int i = 0; l->rtl && i < n; i++)
		if (*v[i] && text_direction(v[i], TEXT_RTL) != TEXT_RTL)
			return 0;
	return 1;
}

/* One table row as lines: each cell wrapped in its column, the lines of
 * the cells side by side, padded to the column widths. Returns its number
 * of lines. */
static int grid_row(struct lay *l, char *const *cells, const int *w, int ncols, enum cl_kind kind)
{
	struct text_lines *tl = calloc((size_t)ncols, sizeof *tl);
	int rows = 0;

	if (!tl) {
		l->err = 1;
		return 0;
	}
	for (int j = 0; j < ncols; j++) {
		if (text_layout(cells[j], w[j], TEXT_AUTO, TEXT_LOGICAL | TEXT_NOALIGN, &tl[j]) < 0)
			l->err = 1;
		else if (tl[j].n > rows)
			rows = tl[j].n;
	}
	for (int r = 0; r < rows && !l->err; r++) {
		size_t size = 1;
		for (int j = 0; j < ncols; j++)
			size += (size_t)w[j] * 4 + GAP + 8;
		char *s = malloc(size), *p = s;
		if (!s) {
			l->err = 1;
			break;
		}
		*p = '\0';
		for (int j = 0; j < ncols; j++) {
			char *t = r < tl[j].n ? text_line_utf8(&tl[j].v[r], 0) : strdup("");
			int pad = w[j] - (r < tl[j].n ? tl[j].v[r].cells : 0);
			if (!t) {
				l->err = 1;
				break;
			}
			p = stpcpy(p, t);
			free(t);
			if (j < ncols - 1) {
				memset(p, ' ', (size_t)(pad + GAP));
				p += pad + GAP;
				*p = '\0';
			}
		}
		add(l, kind, 0, NULL, -1, s);
		free(s);
	}
	for (int j = 0; j < ncols; j++)
		if (tl[j].v)
			text_lines_free(&tl[j]);
	free(tl);
	return rows;
}

static void grid_rule(struct lay *l, const int *w, int ncols)
{
	size_t size = 1;
	char *s, *p;

	for (int j = 0; j < ncols; j++)
		size += (size_t)w[j] + GAP;
	if (!(s = p = malloc(size))) {
		l->err = 1;
		return;
	}
	/* dashes and spaces have no direction of their own: laid out right to
	 * left they stay as written, so the first column's come last */
	for (int k = 0; k < ncols; k++) {
		int j = l->rtl ? ncols - 1 - k : k;
		memset(p, '-', (size_t)w[j]);
		p += w[j];
		if (k < ncols - 1) {
			memset(p, ' ', GAP);
			p += GAP;
		}
	}
	*p = '\0';
	add(l, CL_RULE, 0, NULL, -1, s);
	free(s);
}

/* Too narrow for a grid: per row a bullet "Column: value" for its first
 * cell and the others under it. */
static void table_list(struct lay *l, char **v, int ncols, int nrows)
{
	l->key++; /* the heading row's key: keys match the grid's */
	for (int r = 1; r <= nrows; r++) {
		if (r > 1)
			blank(l);
		l->key++;
		for (int j = 0; j < ncols; j++) {
			char *s = NULL;
			/* TRANSLATORS: a table cell shown as "Column: value". */
			if (asprintf(&s, _("%s: %s"), v[j], v[r * ncols + j]) < 0) {
				l->err = 1;
				return;
			}
			/* the other cells line up under the first one's text */
			add(l, CL_BULLET, j ? 2 : 0, j ? "" : "•", -1, s);
			free(s);
		}
	}
}

static void table(struct lay *l, const struct card_table *tb)
{
	int n = (tb->nrows + 1) * tb->ncols, *w;
	char **v;

	if (tb->ncols < 1 || !(v = table_cells(tb))) {
		l->err |= tb->ncols >= 1;
		return;
	}
	if (!(w = calloc((size_t)tb->ncols, sizeof *w))) {
		l->err = 1;
	} else if (grid_safe(l, v, n) && grid_widths(v, tb->ncols, tb->nrows, l->width, w)) {
		int tall = 0; /* rows of several lines are kept apart by a blank one */
		l->key++;
		grid_row(l, v, w, tb->ncols, CL_GRID_HEAD);
		grid_rule(l, w, tb->ncols);
		for (int r = 1; r <= tb->nrows; r++) {
			if (tall && r > 1)
				blank(l);
			l->key++;
			tall |= grid_row(l, v + r * tb->ncols, w, tb->ncols, CL_GRID_ROW) > 1;
		}
	} else {
		table_list(l, v, tb->ncols, tb->nrows);
	}
	free(w);
	free_strv(v, n);
}

/* --- the card ------------------------------------------------------------------ */

static void section(struct lay *l, const struct card_section *sec)
{
	blank(l);
	put(l, CL_HEADING, 0, NULL, sec->heading);
	for (int i = 0; i < sec->nparagraphs; i++) {
		if (i)
			blank(l);
		put(l, CL_TEXT, 0, NULL, sec->paragraphs[i]);
	}
	if (sec->nbullets && sec->nparagraphs)
		blank(l);
	for (int i = 0; i < sec->nbullets; i++)
		put(l, CL_BULLET, 0, "•", sec->bullets[i]);
	if (sec->table && (sec->nparagraphs || sec->nbullets))
		blank(l);
	if (sec->table)
		table(l, sec->table);
}

static void links(struct lay *l, const struct card_set *set, const struct card *c)
{
	int shown = 0;

	for (int i = 0; i < c->nsee_also; i++) {
		const struct card *to = cards_find(set, c->see_also[i]);
		if (!to)
			continue;
		if (!shown++) {
			blank(l);
			put(l, CL_HEADING, 0, NULL, _("See also:"));
		}
		l->key++;
		add(l, CL_LINK, 0, l->rtl ? "←" : "→", (int)(to - set->v), to->title);
	}
}

int card_layout(const struct card_set *set, const struct card *c, int width, int rtl,
                struct card_layout *out)
{
	struct lay l = {out, width < 10 ? 10 : width, rtl, 0, 0};
	char *s = NULL;

	memset(out, 0, sizeof *out);
	add(&l, CL_TITLE, 0, NULL, -1, c->title);
	blank(&l);
	put(&l, CL_TEXT, 0, NULL, c->summary);
	for (int i = 0; i < c->nsections; i++)
		section(&l, &c->sections[i]);
	links(&l, set, c);
	blank(&l);
	put(&l, CL_HEADING, 0, NULL, _("Sources:"));
	for (int i = 0; i < c->nsources; i++)
		put(&l, CL_BULLET, 0, "•", c->sources[i]);
	blank(&l);
	if (asprintf(&s, _("Reviewed: %s"), c->reviewed ? c->reviewed : "") >= 0)
		put(&l, CL_NOTE, 0, NULL, s);
	else
		l.err = 1;
	free(s);
	return l.err ? -1 : 0;
}

void card_layout_free(struct card_layout *l)
{
	for (int i = 0; l && i < l->n; i++)
		free(l->v[i].text);
	if (l) {
		free(l->v);
		memset(l, 0, sizeof *l);
	}
}
