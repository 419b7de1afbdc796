/* cards.c — the Cards screen: the topic cards listed by category beside a
 * reader (wide terminals) or in front of it (narrow ones), search over
 * every card's text, and see-also links with a back stack. Also the reader
 * opened straight on one card (the checklist verdict's suggestions). */
#include "tui.h"

#include "cardlayout.h"
#include "paths.h"
#include "search.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define WIDE_COLS 100 /* from here the list and the reader sit side by side */
#define LIST_W 32     /* the list beside the reader: at least, */
#define READER_MIN 60 /* and as wide as its titles while the reader keeps this */

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
	int list_need; /* cells the list needs to show every label whole */

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
	int leave_on_cancel; /* opened by `/` elsewhere: Esc goes back there */
	struct lineedit le;
	char *query, *saved_query;
	unsigned char *hit;                                   /* per card: matches query */
	int *order, nhit;                                     /* the matching cards, best first */
	int mode_before, card_before, top_before, sel_before; /* for Esc */
	int cur_y, cur_x; /* the terminal cursor in the prompt */
};

struct geom {
	int wide;
	int h;        /* rows of the list and the reader */
	int th;       /* rows of the reader's text, under its title */
	int lx, lw;   /* list (logical x; lw 0 when hidden) */
	int rx, rw;   /* reader (logical x; rw 0 when hidden) */
	int search_y; /* row of the search line, -1 if none */
};

static const enum action list_bar[] = {ACT_UP,   ACT_DOWN, ACT_OPEN, ACT_SEARCH,
                                       ACT_HELP, ACT_BACK, ACT_NONE};
/* The bar drops pairs from before its last two when narrow: PgDn goes
 * first (Space is on every help screen), the link keys stay at 80 columns */
static const enum action reader_bar[] = {ACT_UP,     ACT_DOWN,      ACT_NEXT_FIELD,
                                         ACT_OPEN,   ACT_LINK_BACK, ACT_PGDN,
                                         ACT_SEARCH, ACT_BACK,      ACT_NONE};
static const enum action prompt_bar[] = {ACT_OPEN, ACT_BACK, ACT_NONE};
/* Every key of each mode, for help */
static const enum action list_keys[] = {ACT_UP,     ACT_DOWN, ACT_PGUP,  ACT_PGDN,   ACT_TOP,
                                        ACT_BOTTOM, ACT_OPEN, ACT_RIGHT, ACT_SEARCH, ACT_NEXT,
                                        ACT_PREV,   ACT_BACK, ACT_NONE};
static const enum action reader_keys[] = {ACT_UP,   ACT_DOWN,      ACT_PGUP,       ACT_PGDN,
                                          ACT_TOP,  ACT_BOTTOM,    ACT_NEXT_FIELD, ACT_PREV_FIELD,
                                          ACT_OPEN, ACT_LINK_BACK, ACT_LEFT,       ACT_SEARCH,
                                          ACT_NEXT, ACT_PREV,      ACT_BACK,       ACT_NONE};

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
	g->th = g->h - 1;
	g->wide = !c->standalone && t->cols >= WIDE_COLS;
	if (g->wide) {
		/* titles whole where the reader can spare the room */
		int need = c->list_need, most = t->cols - READER_MIN - 2;
		g->lw = need > most ? most : need;
		if (g->lw < LIST_W)
			g->lw = LIST_W;
		g->rx = g->lw + 2; /* a separator column and a blank one */
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

/* The list by category (the set is sorted by category), or while a
 * query is active the cards that match it, best first (no headings:
 * the order is the ranking). The selection stays on the same card when
 * it is still listed. */
static void list_build(struct cards *c)
{
	const struct card_set *set = &c->t->cards;
	int keep = sel_card(c), n = 0, last = -1;
	int *items = malloc(((size_t)set->n * 2 + 1) * sizeof *items);

	if (!items)
		return;
	for (int k = 0; c->query && k < c->nhit; k++)
		items[n++] = c->order[k];
	for (int i = 0; !c->query && i < set->n; i++) {
		if (set->v[i].category != last) {
			last = set->v[i].category;
			items[n++] = -1 - last;
		}
		items[n++] = i;
	}
	free(c->items);
	c->items = items;
	c->nitems = c->lb.n = n;
	c->list_need = 0;
	for (int i = 0; i < n; i++) {
		char buf[8];
		int w = text_width(list_label(c, i, buf, sizeof buf)) + 3; /* margins, scroll bar */
		if (w > c->list_need)
			c->list_need = w;
	}
	c->lb.sel = keep >= 0 ? item_of(c, keep) : -1;
	for (int i = 0; c->lb.sel < 0 && i < n; i++)
		if (items[i] >= 0)
			c->lb.sel = i;
	if (c->lb.top >= n)
		c->lb.top = 0;
}

/* --- search over every card's text (search.c: the same as the CLI) ------ */

/* Makes q (NULL or "" for none) the active query: marks the matching
 * cards and lists only those, best first. */
static void search_set(struct cards *c, const char *q)
{
	const struct card_set *set = &c->t->cards;
	struct search_hit *hits = NULL;

	free(c->query);
	c->query = q && *q ? strdup(q) : NULL;
	c->nhit = 0;
	if (set->n)
		memset(c->hit, 0, (size_t)set->n);
	if (c->query) {
		int n = search_cards(set, c->query, &hits);
		for (int k = 0; k < n; k++) {
			c->order[c->nhit++] = hits[k].card;
			c->hit[hits[k].card] = 1;
		}
		free(hits);
	}
	list_build(c);
}

/* The next matching card after card from in rank order (dir -1: before
 * it), going round; from itself if it is the only one; -1 if none. */
static int next_hit(const struct cards *c, int from, int dir)
{
	int at = -1;

	if (!c->query || !c->nhit)
		return -1;
	for (int k = 0; k < c->nhit; k++)
		if (c->order[k] == from)
			at = k;
	if (at < 0)
		return c->order[dir > 0 ? 0 : c->nhit - 1];
	return c->order[((at + dir) % c->nhit + c->nhit) % c->nhit];
}

/* --- building the reader's text: the card's blocks (cardlayout.h) ----------- */

static enum role block_role(enum cl_kind k)
{
	switch (k) {
	case CL_TITLE:
		return ROLE_TITLE;
	case CL_HEADING:
	case CL_GRID_HEAD:
		return ROLE_HEADING;
	case CL_LINK:
		return ROLE_LINK;
	case CL_RULE:
	case CL_NOTE:
		return ROLE_DIM;
	default:
		return ROLE_NORMAL;
	}
}

/* Every text view block carries the key of the card element it came
 * from, the same at every width, so a rebuild after a resize can keep the
 * place; see-also link k of the view opens card links[k]. */
static void put_block(struct tui *t, struct cards *c, const struct cl_block *b)
{
	int *a = grow(c->anchor, &c->capanchor, c->tv.nb + 1, sizeof *a);
	int link = -1, hang = 0;
	char *s = NULL;

	if (!a)
		return;
	c->anchor = a;
	if (b->kind == CL_LINK) {
		int *l = grow(c->links, &c->caplinks, c->nlinks + 1, sizeof *l);
		if (!l)
			return;
		c->links = l;
		l[c->nlinks] = b->link;
		link = c->nlinks++;
	}
	if (*b->mark) {
		/* "mark text", wrapped lines under the text: a hanging indent */
		if (asprintf(&s, "%s %s", b->mark, b->text) < 0)
			return;
		hang = text_width(b->mark) + 1;
	}
	a[c->tv.nb] = b->key;
	tv_add(&c->tv, block_role(b->kind), b->indent, hang, link, t->dir, s ? s : b->text);
	free(s);
}

/* The reader's text for c->card laid out at width (a table is a grid
 * only where it fits). */
static void reader_build(struct tui *t, struct cards *c, int width)
{
	struct card_layout cl;

	tv_free(&c->tv);
	c->nlinks = 0;
	c->built_card = c->card;
	c->built_w = width;
	if (c->card < 0 || c->card >= t->cards.n)
		return;
	card_layout(&t->cards, &t->cards.v[c->card], width, t->rtl, &cl);
	for (int i = 0; i < cl.n; i++)
		if (cl.v[i].kind != CL_TITLE) /* drawn above the view (reader_draw) */
			put_block(t, c, &cl.v[i]);
	card_layout_free(&cl);
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
	/* the title stays on top however far the text scrolls */
	draw_fill(t->body_y, x, g->rw, A_NORMAL);
	draw_text(t->body_y, x + (t->rtl ? 2 : 0), g->rw - 2, t->cards.v[c->card].title, t->dir,
	          tui_attr(ROLE_TITLE));
	reader_sync(t, c, tv_text_width(g->rw), g->th);
	tv_draw(t, &c->tv, t->body_y + 1, x, g->th, g->rw);
	if (reader_apply(c, g->th))
		tv_draw(t, &c->tv, t->body_y + 1, x, g->th, g->rw);
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
		if (c->leave_on_cancel && a == ACT_BACK)
			return 0; /* back to the screen `/` was typed on */
	} else if (a == ACT_OPEN) {
		c->leave_on_cancel = 0;
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
		return tv_key(&c->tv, ACT_PGDN, g->th);
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
			tv_key(&c->tv, a, g->th);
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
		search_step(c, a == ACT_NEXT ? 1 : -1, g->th);
		return 1;
	default:
		if (a == (t->rtl ? ACT_RIGHT : ACT_LEFT))
			return reader_leave(c, g);
		return tv_key(&c->tv, a, g->th);
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
	c->s.keys = c->prompt ? prompt_bar : c->mode == MODE_READER ? reader_keys : list_keys;
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
		mvvline(t->body_y, tui_mx(t, g.lw, 1), ACS_VLINE, g.h);
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
	free(c->order);
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
	if (t->cards.n && (!(c->hit = calloc((size_t)t->cards.n, 1)) ||
	                   !(c->order = calloc((size_t)t->cards.n, sizeof *c->order)))) {
		free(c->hit);
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
	c->s.keys = !t->cards.n ? empty_bar : standalone ? reader_keys : list_keys;
	return c;
}

struct screen *cards_new(struct tui *t)
{
	struct cards *c = cards_alloc(t, 0);
	return c ? &c->s : NULL;
}

struct screen *cards_search_new(struct tui *t)
{
	struct cards *c = cards_alloc(t, 0);

	if (!c)
		return NULL;
	if (t->cards.n) {
		prompt_open(c);
		c->leave_on_cancel = 1;
		c->s.bar = c->s.keys = prompt_bar;
	}
	return &c->s;
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
