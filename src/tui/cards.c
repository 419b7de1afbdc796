/* cards.c — the Cards screen: the topic cards listed by category beside a
 * reader (wide terminals) or in front of it (narrow ones), search over
 * every card's text, and see-also links with a back stack. Also the reader
 * opened straight on one card (the checklist verdict's suggestions). */
#include "tui.h"

#include "paths.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define WIDE_COLS 100 /* from here the list and the reader sit side by side */
#define LIST_W 32
#define TABLE_GAP 2 /* spaces between table columns */

enum { MODE_LIST, MODE_READER }; /* where the keys go */

/* A card left by following a link, to come back to where it was read. */
struct back {
	int card, top, link;
};

struct cards {
	struct screen s;
	struct tui *t;  /* for the list's callbacks: the card set */
	int standalone; /* card_reader_new: the reader only; leaving it leaves */
	int mode;

	/* the list: items[i] is a card index, or -1 - category for a heading */
	struct listbox lb;
	int *items, nitems;

	/* the reader; the text view is rebuilt when the card or width changes
	 * (a table is a table only where it fits) */
	struct textview tv;
	int card;                     /* card shown, -1 none */
	int built_card, built_w;      /* what tv holds */
	int *anchor, capanchor;       /* per block: a position key that
					 survives a rebuild at another width */
	int *links, nlinks, caplinks; /* link number -> card index */
	struct back *stack;
	int nstack, capstack;
	/* applied after the next layout (tv scrolls only once laid out) */
	int want_match; /* 1: show the first match, 2: the last */
	int want_anchor, want_top, want_link;

	/* search: query is the active one (typed, or accepted with Enter) */
	int prompt;
	struct lineedit le;
	char *query, *saved_query;
	unsigned char *hit; /* per card: matches query */
	int nhit;
	int mode_before, card_before, top_before, sel_before; /* for Esc */
	int cur_y, cur_x; /* the terminal cursor in the prompt */
};

struct geom {
	int wide;
	int h;        /* rows of the list and the reader */
	int lx, lw;   /* list (logical x; lw 0 when hidden) */
	int rx, rw;   /* reader (logical x; rw 0 when hidden) */
	int search_y; /* row of the search line, -1 if none */
};

static const enum action list_bar[] = {ACT_UP, ACT_DOWN, ACT_OPEN, ACT_SEARCH,
				       ACT_HELP, ACT_BACK, ACT_NONE};
/* The bar drops pairs from before its last two when narrow: PgDn goes
 * first (Space is on every help screen), the link keys stay at 80 columns */
static const enum action reader_bar[] = {ACT_UP,        ACT_DOWN, ACT_NEXT_FIELD, ACT_OPEN,
					 ACT_LINK_BACK, ACT_PGDN, ACT_SEARCH,     ACT_BACK,
					 ACT_NONE};
static const enum action prompt_bar[] = {ACT_OPEN, ACT_BACK, ACT_NONE};

/* --- small helpers -------------------------------------------------------- */

/* The array p (capacity *cap elements of size sz) with room for n; NULL
 * on out of memory, p still valid then. */
static void *grow(void *p, int *cap, int n, size_t sz)
{
	if (n <= *cap)
		return p;
	int c = *cap ? *cap * 2 : 16;
	while (c < n)
		c *= 2;
	void *q = realloc(p, (size_t)c * sz);
	if (q)
		*cap = c;
	return q;
}

static int sel_card(const struct cards *c)
{
	int i = c->lb.sel;
	return i >= 0 && i < c->nitems && c->items[i] >= 0 ? c->items[i] : -1;
}

static int item_of(const struct cards *c, int card)
{
	for (int i = 0; i < c->nitems; i++)
		if (c->items[i] == card)
			return i;
	return -1;
}

static void geom(const struct tui *t, const struct cards *c, struct geom *g)
{
	int search = c->prompt || c->query;

	memset(g, 0, sizeof *g);
	g->h = t->body_h - (search ? 1 : 0);
	g->search_y = search ? t->body_y + t->body_h - 1 : -1;
	g->wide = !c->standalone && t->cols >= WIDE_COLS;
	if (g->wide) {
		g->lw = LIST_W;
		g->rx = LIST_W + 2; /* a separator column and a blank one */
		g->rw = t->cols - g->rx - 1;
	} else if (c->standalone || c->mode == MODE_READER) {
		g->rx = 1;
		g->rw = t->cols - 2;
	} else {
		g->lw = t->cols;
	}
}

/* --- the list --------------------------------------------------------------- */

static const char *list_label(void *ud, int i, char *buf, size_t size)
{
	const struct cards *c = ud;
	int it = c->items[i];
	(void)buf, (void)size;
	if (it >= 0)
		return c->t->cards.v[it].title;
	return -1 - it < CAT_COUNT ? _(content_categories[-1 - it].label) : "";
}

static int list_is_header(void *ud, int i)
{
	return ((const struct cards *)ud)->items[i] < 0;
}

/* The list by category (the set is sorted by category): every card, or
 * while a query is active only the cards that match it. The selection
 * stays on the same card when it is still listed. */
static void list_build(struct cards *c)
{
	const struct card_set *set = &c->t->cards;
	int keep = sel_card(c), n = 0, last = -1;
	int *items = malloc(((size_t)set->n * 2 + 1) * sizeof *items);

	if (!items)
		return;
	for (int i = 0; i < set->n; i++) {
		if (c->query && !c->hit[i])
			continue;
		if (set->v[i].category != last) {
			last = set->v[i].category;
			items[n++] = -1 - last;
		}
		items[n++] = i;
	}
	free(c->items);
	c->items = items;
	c->nitems = c->lb.n = n;
	c->lb.sel = keep >= 0 ? item_of(c, keep) : -1;
	for (int i = 0; c->lb.sel < 0 && i < n; i++)
		if (items[i] >= 0)
			c->lb.sel = i;
	if (c->lb.top >= n)
		c->lb.top = 0;
}

/* --- search over every card's text ---------------------------------------- */

static int has(const char *s, const char *q)
{
	int len;
	return s && text_find(s, q, 0, &len) >= 0;
}

static int strv_has(char *const *v, int n, const char *q)
{
	for (int i = 0; i < n; i++)
		if (has(v[i], q))
			return 1;
	return 0;
}

static int card_matches(const struct card *cd, const char *q)
{
	if (has(cd->title, q) || has(cd->summary, q))
		return 1;
	for (int i = 0; i < cd->nsections; i++) {
		const struct card_section *sec = &cd->sections[i];
		const struct card_table *tb = sec->table;
		if (has(sec->heading, q) || strv_has(sec->paragraphs, sec->nparagraphs, q) ||
		    strv_has(sec->bullets, sec->nbullets, q))
			return 1;
		if (tb && (strv_has(tb->columns, tb->ncols, q) ||
			   strv_has(tb->cells, tb->nrows * tb->ncols, q)))
			return 1;
	}
	return 0;
}

/* Makes q (NULL or "" for none) the active query: marks the matching
 * cards and lists only those. */
static void search_set(struct cards *c, const char *q)
{
	const struct card_set *set = &c->t->cards;

	free(c->query);
	c->query = q && *q ? strdup(q) : NULL;
	c->nhit = 0;
	for (int i = 0; c->query && i < set->n; i++)
		c->nhit += c->hit[i] = (unsigned char)card_matches(&set->v[i], c->query);
	list_build(c);
}

/* The next matching card after card from in list order (dir -1: before
 * it), going round; from itself if it is the only one; -1 if none. */
static int next_hit(const struct cards *c, int from, int dir)
{
	int n = c->t->cards.n;

	for (int k = 1; c->query && c->hit && k <= n; k++) {
		int i = ((from + dir * k) % n + n) % n;
		if (c->hit[i])
			return i;
	}
	return -1;
}

/* --- building the reader's text ------------------------------------------- */

struct build {
	struct cards *c;
	struct tui *t;
	int width; /* the width the text view lays out at */
	int key;   /* anchor key of the element being added */
};

/* Every block carries the key of the card element it came from, the same
 * at every width, so a rebuild after a resize can keep the place. */
static void put(struct build *b, enum role r, int indent, int hang, int link, const char *text)
{
	struct cards *c = b->c;
	int *a = grow(c->anchor, &c->capanchor, c->tv.nb + 1, sizeof *a);

	if (!a)
		return;
	c->anchor = a;
	a[c->tv.nb] = b->key;
	tv_add(&c->tv, r, indent, hang, link, b->t->dir, text);
}

static void blank(struct build *b)
{
	put(b, ROLE_NORMAL, 0, 0, -1, "");
}

/* "mark text" with a hanging indent: wrapped lines align under the text. */
static void put_bullet(struct build *b, enum role r, int link, const char *mark, const char *text)
{
	char *s = NULL;

	if (asprintf(&s, "%s %s", mark, text ? text : "") < 0)
		return;
	put(b, r, 1, text_width(mark) + 1, link, s);
	free(s);
}

static void free_strv(char **v, int n)
{
	for (int i = 0; v && i < n; i++)
		free(v[i]);
	free(v);
}

/* The table's cells made safe and one-line, the headings as row 0. */
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

/* One table row: each cell padded to its column's width. */
static char *table_row(char *const *cells, const int *cw, int ncols)
{
	size_t len = 1;
	char *s, *p;

	for (int j = 0; j < ncols; j++)
		len += strlen(cells[j]) + (size_t)cw[j] + TABLE_GAP;
	if (!(s = p = malloc(len)))
		return NULL;
	for (int j = 0; j < ncols; j++) {
		p = stpcpy(p, cells[j]);
		if (j < ncols - 1) {
			int pad = cw[j] - text_width(cells[j]) + TABLE_GAP;
			memset(p, ' ', (size_t)pad);
			p += pad;
		}
	}
	*p = '\0';
	return s;
}

static void table_grid(struct build *b, char **v, int ncols, int nrows, const int *cw)
{
	for (int r = 0; r <= nrows; r++) {
		char *row = table_row(v + r * ncols, cw, ncols);
		b->key++;
		if (row)
			put(b, r ? ROLE_NORMAL : ROLE_HEADING, 1, 0, -1, row);
		free(row);
	}
}

/* Too wide for a grid: per row its first cell in bold, then a
 * "Column: value" bullet for each other cell. */
static void table_list(struct build *b, char **v, int ncols, int nrows)
{
	b->key++; /* the heading row's key: keys match the grid's */
	for (int r = 1; r <= nrows; r++) {
		char **row = v + r * ncols;
		if (r > 1)
			blank(b);
		b->key++;
		put(b, ROLE_TITLE, 1, 0, -1, row[0]);
		for (int j = 1; j < ncols; j++) {
			char *s = NULL;
			/* TRANSLATORS: a table cell shown as "Column: value". */
			if (asprintf(&s, _("%s: %s"), v[j], row[j]) < 0)
				continue;
			put_bullet(b, ROLE_NORMAL, -1, "•", s);
			free(s);
		}
	}
}

/* In a right-to-left grid the bidi algorithm orders the cells of a row;
 * a cell that starts with Latin text could join its neighbour's Latin
 * run and swap places, so such tables are shown as lists. */
static int grid_safe(const struct build *b, char **v, int n)
{
	for (int i = 0; b->t->rtl && i < n; i++)
		if (text_direction(v[i], TEXT_RTL) != TEXT_RTL)
			return 0;
	return 1;
}

static void build_table(struct build *b, const struct card_table *tb)
{
	int n = (tb->nrows + 1) * tb->ncols, total = TABLE_GAP * (tb->ncols - 1);
	char **v;
	int *cw;

	if (tb->ncols < 1 || !(v = table_cells(tb)))
		return;
	if ((cw = calloc((size_t)tb->ncols, sizeof *cw))) {
		for (int i = 0; i < n; i++) {
			int w = text_width(v[i]);
			if (w > cw[i % tb->ncols])
				cw[i % tb->ncols] = w;
		}
		for (int j = 0; j < tb->ncols; j++)
			total += cw[j];
		if (total <= b->width - 1 && grid_safe(b, v, n))
			table_grid(b, v, tb->ncols, tb->nrows, cw);
		else
			table_list(b, v, tb->ncols, tb->nrows);
	}
	free(cw);
	free_strv(v, n);
}

static void build_section(struct build *b, const struct card_section *sec)
{
	blank(b);
	b->key++;
	put(b, ROLE_HEADING, 0, 0, -1, sec->heading);
	for (int i = 0; i < sec->nparagraphs; i++) {
		if (i)
			blank(b);
		b->key++;
		put(b, ROLE_NORMAL, 0, 0, -1, sec->paragraphs[i]);
	}
	if (sec->nbullets && sec->nparagraphs)
		blank(b);
	for (int i = 0; i < sec->nbullets; i++) {
		b->key++;
		put_bullet(b, ROLE_NORMAL, -1, "•", sec->bullets[i]);
	}
	if (sec->table && (sec->nparagraphs || sec->nbullets))
		blank(b);
	if (sec->table)
		build_table(b, sec->table);
}

/* See also: each linked card's title is link number k of the view, and
 * links[k] the card it opens. */
static void build_links(struct build *b, const struct card *cd)
{
	struct cards *c = b->c;
	const struct card_set *set = &b->t->cards;

	for (int i = 0; i < cd->nsee_also; i++) {
		const struct card *to = cards_find(set, cd->see_also[i]);
		int *l = to ? grow(c->links, &c->caplinks, c->nlinks + 1, sizeof *l) : NULL;
		if (!l)
			continue;
		c->links = l;
		if (!c->nlinks) {
			blank(b);
			b->key++;
			put(b, ROLE_HEADING, 0, 0, -1, _("See also:"));
		}
		l[c->nlinks] = (int)(to - set->v);
		b->key++;
		put_bullet(b, ROLE_LINK, c->nlinks++, b->t->rtl ? "←" : "→", to->title);
	}
}

static void build_sources(struct build *b, const struct card *cd)
{
	char *s = NULL;

	blank(b);
	b->key++;
	put(b, ROLE_HEADING, 0, 0, -1, _("Sources:"));
	for (int i = 0; i < cd->nsources; i++) {
		b->key++;
		put_bullet(b, ROLE_NORMAL, -1, "•", cd->sources[i]);
	}
	blank(b);
	b->key++;
	if (asprintf(&s, _("Reviewed: %s"), cd->reviewed ? cd->reviewed : "") >= 0)
		put(b, ROLE_DIM, 0, 0, -1, s);
	free(s);
}

/* The reader's text for c->card laid out at width (a table is a grid
 * only where it fits). */
static void reader_build(struct tui *t, struct cards *c, int width)
{
	struct build b = {c, t, width, 0};
	const struct card *cd;

	tv_free(&c->tv);
	c->nlinks = 0;
	c->built_card = c->card;
	c->built_w = width;
	if (c->card < 0 || c->card >= t->cards.n)
		return;
	cd = &t->cards.v[c->card];
	put(&b, ROLE_TITLE, 0, 0, -1, cd->title);
	blank(&b);
	b.key++;
	put(&b, ROLE_NORMAL, 0, 0, -1, cd->summary);
	for (int i = 0; i < cd->nsections; i++)
		build_section(&b, &cd->sections[i]);
	build_links(&b, cd);
	build_sources(&b, cd);
}

/* --- the reader ------------------------------------------------------------ */

/* Opens card in the reader at its top. The back stack survives only when
 * following links; the list selection follows the reader. */
static void reader_show(struct cards *c, int card, int keep_stack)
{
	int i = item_of(c, card);

	c->card = card;
	c->built_card = -1;
	c->want_match = 0;
	c->want_anchor = c->want_top = c->want_link = -1;
	if (!keep_stack)
		c->nstack = 0;
	if (i >= 0)
		c->lb.sel = i;
}

static int top_anchor(const struct cards *c)
{
	const struct textview *tv = &c->tv;

	if (tv->top < 0 || tv->top >= tv->nrows)
		return -1;
	return c->anchor[tv->rows[tv->top].block];
}

static int same_query(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "") == 0;
}

/* Brings the text view up to date with the card, the width and the query.
 * Whatever needs the layout (it is made by the next tv_draw) waits in
 * want_* for reader_apply. */
static void reader_sync(struct tui *t, struct cards *c, int width, int h)
{
	struct textview *tv = &c->tv;

	if (c->built_card != c->card || c->built_w != width) {
		int same = c->built_card == c->card;
		int anchor = same ? top_anchor(c) : -1, link = tv->link, cur = tv->cur;
		reader_build(t, c, width);
		if (same) {
			c->want_anchor = anchor;
			tv->link = link < tv->nlinks ? link : -1;
		}
		if (c->query && tv_search(tv, c->query, h) > 0) {
			if (same && cur >= 0 && cur < tv->nm)
				tv->cur = cur;
			else if (!c->want_match)
				c->want_match = 1;
		}
	} else if (!same_query(tv->query, c->query)) {
		if (tv_search(tv, c->query, h) > 0 && !c->want_match)
			c->want_match = 1;
	}
}

/* Applies what waited for the layout; returns 1 if anything did. */
static int reader_apply(struct cards *c, int h)
{
	struct textview *tv = &c->tv;
	int any = c->want_match || c->want_anchor >= 0 || c->want_top >= 0 || c->want_link >= 0;

	if (c->want_link >= 0 && c->want_link < tv->nlinks)
		tv->link = c->want_link;
	if (c->want_match && tv->nm) {
		tv->cur = 0;
		tv_next_match(tv, c->want_match == 2 ? -1 : 0, h); /* -1 from 0: the last */
	}
	if (c->want_anchor >= 0)
		for (int i = 0; i < tv->nrows; i++)
			if (c->anchor[tv->rows[i].block] >= c->want_anchor) {
				tv->top = i;
				break;
			}
	if (c->want_top >= 0)
		tv->top = c->want_top;
	c->want_match = 0;
	c->want_anchor = c->want_top = c->want_link = -1;
	return any;
}

static void reader_draw(struct tui *t, struct cards *c, const struct geom *g)
{
	int x = tui_mx(t, g->rx, g->rw);

	if (c->card < 0 || g->rw < 2)
		return;
	reader_sync(t, c, g->rw - 1, g->h);
	tv_draw(t, &c->tv, t->body_y, x, g->h, g->rw);
	if (reader_apply(c, g->h))
		tv_draw(t, &c->tv, t->body_y, x, g->h, g->rw);
}

static int stack_push(struct cards *c, int card, int top, int link)
{
	struct back *st = grow(c->stack, &c->capstack, c->nstack + 1, sizeof *st);

	if (!st)
		return -1;
	c->stack = st;
	st[c->nstack++] = (struct back){card, top, link};
	return 0;
}

static void link_follow(struct cards *c)
{
	struct textview *tv = &c->tv;

	if (tv->link < 0 || tv->link >= c->nlinks)
		return;
	if (stack_push(c, c->card, tv->top, tv->link) == 0)
		reader_show(c, c->links[tv->link], 1);
}

static void link_back(struct cards *c)
{
	struct back e = c->stack[--c->nstack];

	reader_show(c, e.card, 1);
	c->want_top = e.top;
	c->want_link = e.link;
}

/* Esc with nothing on the back stack: to the list, or out of a reader
 * opened on its own (returns 0: the loop pops the screen). */
static int reader_leave(struct cards *c, const struct geom *g)
{
	int s = sel_card(c);

	if (c->standalone)
		return 0;
	c->mode = MODE_LIST;
	c->nstack = 0;
	if (g->wide && s >= 0 && s != c->card)
		reader_show(c, s, 0);
	return 1;
}

/* n/N: the next match in the card, then on to the next matching card. */
static void search_step(struct cards *c, int dir, int h)
{
	struct textview *tv = &c->tv;
	int next;

	if (!c->query)
		return;
	if (tv->nm && tv->cur != (dir > 0 ? tv->nm - 1 : 0)) {
		tv_next_match(tv, dir, h);
		return;
	}
	next = next_hit(c, c->card, dir);
	if (next < 0 || next == c->card) {
		tv_next_match(tv, dir, h); /* the only matching card: go round */
		return;
	}
	reader_show(c, next, 0);
	c->want_match = dir > 0 ? 1 : 2;
}

/* --- the search prompt ------------------------------------------------------ */

static void prompt_open(struct cards *c)
{
	c->prompt = 1;
	le_set(&c->le, "");
	free(c->saved_query);
	c->saved_query = c->query ? strdup(c->query) : NULL;
	c->mode_before = c->mode;
	c->card_before = c->card;
	c->top_before = c->tv.top;
	c->sel_before = sel_card(c);
	if (!c->standalone)
		c->mode = MODE_LIST; /* the matching cards show as you type */
}

/* Where the reader is on screen, it shows the selected card as you type. */
static void follow_selection(struct cards *c, const struct geom *g)
{
	int s = sel_card(c);

	if (!g->wide && !c->standalone)
		return;
	if (s < 0)
		c->card = -1;
	else if (s != c->card)
		reader_show(c, s, 1);
}

/* Esc: everything as it was before the prompt opened. */
static void prompt_cancel(struct cards *c)
{
	char *q = c->saved_query;

	c->saved_query = NULL;
	c->prompt = 0;
	search_set(c, q);
	free(q);
	c->mode = c->mode_before;
	if (c->card != c->card_before)
		reader_show(c, c->card_before, 1);
	c->want_top = c->top_before;
	if (item_of(c, c->sel_before) >= 0)
		c->lb.sel = item_of(c, c->sel_before);
}

static void prompt_accept(struct tui *t, struct cards *c)
{
	int s = sel_card(c);

	if (!c->query) { /* Enter on an empty prompt ends the search */
		prompt_cancel(c);
		search_set(c, NULL);
		return;
	}
	if (s < 0) {
		tui_message(t, ROLE_ERROR, _("No card matches '%s'"), c->query);
		prompt_cancel(c);
		return;
	}
	c->prompt = 0;
	free(c->saved_query);
	c->saved_query = NULL;
	c->mode = MODE_READER;
	/* a reader opened on its own has no list to go back to: Esc returns
	 * to the card the search started from, as after a link */
	if (c->standalone && c->card_before >= 0 && s != c->card_before &&
	    stack_push(c, c->card_before, c->top_before, -1) == 0) {
		reader_show(c, s, 1);
	} else {
		reader_show(c, s, c->standalone);
	}
	c->want_match = 1;
}

/* Incremental: every keystroke searches all cards again and selects the
 * first that matches (an empty prompt shows every card again). */
static void prompt_update(struct cards *c, const struct geom *g)
{
	int first;

	search_set(c, c->le.buf);
	first = c->query ? next_hit(c, -1, 1) : c->sel_before;
	c->lb.sel = item_of(c, first);
	follow_selection(c, g);
}

static int prompt_key(struct tui *t, struct cards *c, enum action a, wint_t ch, int kc,
		      const struct geom *g)
{
	int erase_key = kc ? ch == KEY_BACKSPACE : ch == 127 || ch == 8;

	if ((!kc && ch == 27) || (erase_key && c->le.len == 0)) {
		prompt_cancel(c);
	} else if (a == ACT_OPEN) {
		prompt_accept(t, c);
	} else if (kc && (ch == KEY_UP || ch == KEY_DOWN)) {
		listbox_key(&c->lb, a, g->h); /* j and k are text here */
		follow_selection(c, g);
	} else if (le_key(&c->le, ch, kc)) {
		prompt_update(c, g);
	}
	return 1;
}

/* --- keys -------------------------------------------------------------------- */

/* Enter on the list: the selected card in the reader. */
static void reader_enter(struct cards *c, const struct geom *g)
{
	int s = sel_card(c);

	if (s < 0)
		return;
	if (!g->wide || s != c->card)
		reader_show(c, s, 0);
	c->mode = MODE_READER;
}

static int list_key(struct tui *t, struct cards *c, enum action a, wint_t ch, int kc,
		    const struct geom *g)
{
	int s;

	if (g->wide && !kc && ch == ' ') /* Space reads on beside the list */
		return tv_key(&c->tv, ACT_PGDN, g->h);
	if (listbox_key(&c->lb, a, g->h)) {
		follow_selection(c, g);
		return 1;
	}
	if (a == ACT_OPEN || a == (t->rtl ? ACT_LEFT : ACT_RIGHT)) {
		reader_enter(c, g);
		return 1;
	}
	switch (a) {
	case ACT_NEXT_FIELD:
	case ACT_PREV_FIELD:
		if (g->wide) { /* into the reader, on its first (last) link */
			c->mode = MODE_READER;
			tv_key(&c->tv, a, g->h);
		}
		return 1;
	case ACT_SEARCH:
		prompt_open(c);
		return 1;
	case ACT_NEXT:
	case ACT_PREV:
		if ((s = next_hit(c, sel_card(c), a == ACT_NEXT ? 1 : -1)) >= 0) {
			c->lb.sel = item_of(c, s);
			follow_selection(c, g);
		}
		return 1;
	case ACT_BACK:
		if (!c->query)
			return 0;
		search_set(c, NULL); /* Esc first shows every card again */
		return 1;
	default:
		return 0;
	}
}

static int reader_key(struct tui *t, struct cards *c, enum action a, const struct geom *g)
{
	switch (a) {
	case ACT_BACK:
	case ACT_LINK_BACK:
		if (c->nstack) {
			link_back(c);
			return 1;
		}
		return reader_leave(c, g);
	case ACT_QUIT:
		return reader_leave(c, g);
	case ACT_OPEN:
		link_follow(c);
		return 1;
	case ACT_SEARCH:
		prompt_open(c);
		return 1;
	case ACT_NEXT:
	case ACT_PREV:
		search_step(c, a == ACT_NEXT ? 1 : -1, g->h);
		return 1;
	default:
		if (a == (t->rtl ? ACT_RIGHT : ACT_LEFT))
			return reader_leave(c, g);
		return tv_key(&c->tv, a, g->h);
	}
}

static const enum action empty_bar[] = {ACT_HELP, ACT_BACK, ACT_NONE};

static int cards_key(struct tui *t, struct screen *s, enum action a, wint_t ch, int kc)
{
	struct cards *c = (struct cards *)s;
	struct geom g;
	int r;

	if (!t->cards.n)
		return 0;
	geom(t, c, &g);
	if (c->prompt)
		r = prompt_key(t, c, a, ch, kc, &g);
	else if (c->mode == MODE_READER || c->standalone)
		r = reader_key(t, c, a, &g);
	else
		r = list_key(t, c, a, ch, kc, &g);
	/* still ours even when r is 0: the loop pops the screen after this */
	c->s.bar = c->prompt ? prompt_bar : c->mode == MODE_READER ? reader_bar : list_bar;
	return r;
}

/* --- drawing ---------------------------------------------------------------- */

/* The last body row while searching: "/", the query (or the prompt) and
 * how many cards match. */
static void search_draw(struct tui *t, struct cards *c, const struct geom *g)
{
	char status[600];
	int y = g->search_y, sw, ew;
	enum role role = ROLE_DIM;

	status[0] = '\0';
	if (c->query && !c->nhit) {
		snprintf(status, sizeof status, _("No card matches '%s'"), c->query);
		role = ROLE_ERROR;
	} else if (c->query) {
		snprintf(status, sizeof status,
			 ngettext("%d card matches", "%d cards match", c->nhit), c->nhit);
	}
	sw = text_width(status);
	if (sw > t->cols / 2)
		sw = t->cols / 2;
	ew = t->cols - 1 - sw - 2;
	draw_fill(y, 0, t->cols, A_NORMAL);
	draw_text(y, tui_mx(t, 0, 1), 1, "/", TEXT_LTR, A_BOLD);
	if (c->prompt) {
		c->cur_y = y;
		c->cur_x = le_draw(t, &c->le, y, tui_mx(t, 1, ew), ew, A_NORMAL, TEXT_AUTO);
	} else {
		draw_text(y, tui_mx(t, 1, ew), ew, c->query, text_direction(c->query, t->dir),
			  A_NORMAL);
	}
	if (sw)
		draw_text(y, tui_mx(t, t->cols - sw, sw), sw, status, t->dir, tui_attr(role));
}

static void empty_draw(struct tui *t)
{
	char *dir = paths_lang_content(t->o->content_dir, lang_table[t->lang].code);
	char buf[1024];
	int w = t->cols - 4;

	snprintf(buf, sizeof buf,
		 _("There are no cards to show: none could be read from %s/cards."),
		 dir ? dir : t->o->content_dir);
	free(dir);
	draw_par(t->body_y + 1, tui_mx(t, 2, w), w, t->body_h - 2, buf, t->dir,
		 tui_attr(ROLE_ERROR));
}

static void cards_draw(struct tui *t, struct screen *s)
{
	struct cards *c = (struct cards *)s;
	struct geom g;

	if (!t->cards.n) {
		empty_draw(t);
		return;
	}
	geom(t, c, &g);
	if (g.lw)
		listbox_draw(t, &c->lb, t->body_y, tui_mx(t, g.lx, g.lw), g.h, g.lw);
	if (g.wide && c->lb.n <= g.h) { /* else the list's scroll bar divides */
		attrset(tui_attr(ROLE_DIM));
		mvvline(t->body_y, tui_mx(t, LIST_W, 1), ACS_VLINE, g.h);
		attrset(A_NORMAL);
	}
	if (g.rw)
		reader_draw(t, c, &g);
	if (g.search_y >= 0)
		search_draw(t, c, &g);
}

static const char *cards_title(struct tui *t, struct screen *s)
{
	(void)t, (void)s;
	return _("Cards");
}

static int cards_cursor(struct tui *t, struct screen *s, int *y, int *x)
{
	struct cards *c = (struct cards *)s;
	(void)t;
	*y = c->cur_y;
	*x = c->cur_x;
	return c->prompt;
}

static void cards_destroy(struct screen *s)
{
	struct cards *c = (struct cards *)s;

	tv_free(&c->tv);
	free(c->items);
	free(c->anchor);
	free(c->links);
	free(c->stack);
	free(c->query);
	free(c->saved_query);
	free(c->hit);
	free(c);
}

static const struct screen_ops cards_ops = {
	.title = cards_title,
	.draw = cards_draw,
	.key = cards_key,
	.destroy = cards_destroy,
	.bar = list_bar,
	.cursor = cards_cursor,
};

static struct cards *cards_alloc(struct tui *t, int standalone)
{
	struct cards *c = calloc(1, sizeof *c);

	if (!c)
		return NULL;
	tui_content(t); /* problems are already a message */
	if (t->cards.n && !(c->hit = calloc((size_t)t->cards.n, 1))) {
		free(c);
		return NULL;
	}
	c->s.ops = &cards_ops;
	c->t = t;
	c->standalone = standalone;
	c->mode = standalone ? MODE_READER : MODE_LIST;
	c->built_card = -2; /* nothing built yet */
	c->want_anchor = c->want_top = c->want_link = -1;
	tv_init(&c->tv);
	listbox_init(&c->lb, 0, c, list_label);
	c->lb.is_header = list_is_header;
	list_build(c);
	c->card = sel_card(c);
	c->s.bar = !t->cards.n ? empty_bar : standalone ? reader_bar : list_bar;
	return c;
}

struct screen *cards_new(struct tui *t)
{
	struct cards *c = cards_alloc(t, 0);
	return c ? &c->s : NULL;
}

struct screen *card_reader_new(struct tui *t, const char *id)
{
	const struct card *cd;
	struct cards *c;

	tui_content(t);
	if (!id || !(cd = cards_find(&t->cards, id))) {
		tui_message(t, ROLE_ERROR, _("There is no card '%s'."), id ? id : "");
		return NULL;
	}
	if (!(c = cards_alloc(t, 1)))
		return NULL;
	reader_show(c, (int)(cd - t->cards.v), 0);
	return &c->s;
}
