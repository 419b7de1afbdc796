/* checklist.c — the red-flag checklist: tick what is true now, then a
 * verdict screen that says how soon to get help and why. The verdict is
 * carried by a word and a symbol as well as colour, so it reads the same
 * with NO_COLOR and on a monochrome terminal. */
#include "tui.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "triage.h"

/* ===================================================================== *
 * The checklist screen
 * ===================================================================== */

/* A list row is either a group heading or an item of t->checklist. */
struct cl_row {
	int header; /* 1: a group heading */
	int idx;    /* the group (heading) or the item index */
};

struct cl_screen {
	struct screen s;
	const struct checklist *cl; /* t->checklist: lives as long as we do */
	struct listbox lb;
	struct cl_row *rows;
	int nrows;
	bool *ticked; /* cl->n entries */
	int nticked;
	int asking; /* Enter with nothing ticked: the question is on screen */
};

/* Where the parts of the body go for the current terminal size. */
struct cl_layout {
	int x, w;
	int intro_y, intro_h;
	int count_y;
	int list_y, list_h;
	int sep_y; /* -1: no separator line */
	int detail_y, detail_h;
};

static const char *intro_text(void)
{
	return _("Tick what is true for you now. This is not a diagnosis.");
}

/* One layout function for draw and keys: the list height decides paging. */
static void cl_layout(const struct tui *t, int nrows, struct cl_layout *L)
{
	int H = t->body_h, rest;

	L->x = 1;
	L->w = t->cols - 2;
	L->intro_y = t->body_y;
	/* "This is not a diagnosis" must stay readable: two rows when narrow */
	L->intro_h = text_width(intro_text()) <= L->w ? 1 : 2;
	L->count_y = L->intro_y + L->intro_h;
	L->detail_h = H / 3 < 2 ? 2 : H / 3 > 8 ? 8 : H / 3;
	L->sep_y = H >= 14 ? 0 : -1;
	rest = H - L->intro_h - 1 - (L->sep_y >= 0) - L->detail_h;
	while (rest < 1 && L->detail_h > 0) {
		L->detail_h--;
		rest++;
	}
	L->list_y = L->count_y + 1;
	/* a short list keeps the detail right under it */
	L->list_h = rest < 1 ? 1 : rest < nrows ? rest : nrows;
	if (L->sep_y >= 0)
		L->sep_y = L->list_y + L->list_h;
	L->detail_y = L->list_y + L->list_h + (L->sep_y >= 0);
}

static int cl_is_header(void *ud, int i)
{
	struct cl_screen *c = ud;
	return c->rows[i].header;
}

static const char *cl_label(void *ud, int i, char *buf, size_t size)
{
	struct cl_screen *c = ud;
	const struct cl_row *r = &c->rows[i];

	if (r->header)
		return _(content_groups[r->idx].label);
	/* the box comes first in logical order, so in Arabic it sits on the
	 * right, where the row starts */
	snprintf(buf, size, "%s %s", c->ticked[r->idx] ? "[x]" : "[ ]",
	         c->cl->items[r->idx].question);
	return buf;
}

/* Ticked items stand out by weight as well as by their [x]. */
static enum role cl_role(void *ud, int i)
{
	struct cl_screen *c = ud;
	const struct cl_row *r = &c->rows[i];
	return !r->header && c->ticked[r->idx] ? ROLE_TITLE : ROLE_NORMAL;
}

static int item_group(const struct check_item *it)
{
	return it->group >= 0 && it->group < GROUP_COUNT ? it->group : GROUP_SPINE;
}

/* Rows: each group that has items gets a heading, then its items in file
 * order. Returns 0, or -1 on out of memory. */
static int cl_build_rows(struct cl_screen *c)
{
	const struct checklist *cl = c->cl;

	c->rows = calloc((size_t)cl->n + GROUP_COUNT + 1, sizeof *c->rows);
	if (!c->rows)
		return -1;
	for (int g = 0; g < GROUP_COUNT; g++) {
		int head = c->nrows;
		for (int i = 0; i < cl->n; i++) {
			if (item_group(&cl->items[i]) != g)
				continue;
			if (c->nrows == head)
				c->rows[c->nrows++] = (struct cl_row){1, g};
			c->rows[c->nrows++] = (struct cl_row){0, i};
		}
	}
	return 0;
}

/* The item on the selected row, or -1. */
static int cl_selected_item(const struct cl_screen *c)
{
	int s = c->lb.sel;
	if (s < 0 || s >= c->nrows || c->rows[s].header)
		return -1;
	return c->rows[s].idx;
}

/* The first load problem of the checklist file itself (card problems are
 * not the reason the checklist is missing), or NULL. */
static const char *checklist_problem(const struct diags *d)
{
	for (int i = 0; i < d->n; i++)
		if (d->v[i].sev == DIAG_ERROR && strstr(d->v[i].text, "checklist.yaml"))
			return d->v[i].text;
	return NULL;
}

static void cl_draw_empty(struct tui *t)
{
	int y = t->body_y + 1, w = t->cols - 4, end = t->body_y + t->body_h;
	const char *why = checklist_problem(&t->content_diags);

	y += draw_par(y, 2, w, end - y, _("The checklist is not available in this language yet."),
	              t->dir, tui_attr(ROLE_TITLE));
	if (why && y < end)
		y += draw_par(y + 1, 2, w, end - y - 1, why, TEXT_LTR, tui_attr(ROLE_DIM)) + 1;
	if (y + 1 < end)
		draw_par(y + 1, 2, w, end - y - 1,
		         _("If you are worried now, call your local emergency number."), t->dir,
		         tui_attr(ROLE_NORMAL));
}

static void cl_draw_count(struct tui *t, struct cl_screen *c, const struct cl_layout *L)
{
	char buf[256], count[128];

	snprintf(count, sizeof count, ngettext("%d item ticked", "%d items ticked", c->nticked),
	         c->nticked);
	/* the count first: when the row is cut, the hint goes, not the count */
	snprintf(buf, sizeof buf, "%s · %s", count, _("Enter shows the result"));
	draw_text(L->count_y, L->x, L->w, buf, t->dir,
	          tui_attr(c->nticked ? ROLE_TITLE : ROLE_NORMAL));
}

/* The selected item's whole question and what it can be a sign of. */
static void cl_draw_detail(struct tui *t, struct cl_screen *c, const struct cl_layout *L)
{
	int i = cl_selected_item(c), used;

	if (i < 0 || L->detail_h <= 0)
		return;
	used = draw_par(L->detail_y, L->x, L->w, L->detail_h, c->cl->items[i].question, t->dir,
	                tui_attr(ROLE_TITLE));
	if (used < L->detail_h)
		draw_par(L->detail_y + used, L->x, L->w, L->detail_h - used,
		         c->cl->items[i].sign_of, t->dir, tui_attr(ROLE_NORMAL));
}

/* Enter with nothing ticked asks first: a person who pressed Enter to
 * tick must not read an all-clear. The question takes the detail area
 * (and the list's last rows when that is too small). */
static const char *ask_text(void)
{
	return _("You have not ticked anything. Show the result anyway? Enter: show it · "
	         "Esc: go back and tick what applies (Space ticks).");
}

static void cl_draw_ask(struct tui *t, const struct cl_layout *L)
{
	int h = L->detail_h, y = L->detail_y, need = 3;
	struct text_lines tl;

	if (text_layout(ask_text(), L->w, t->dir, 0, &tl) == 0) {
		need = tl.n;
		text_lines_free(&tl);
	}

	if (h < need) { /* take rows from the bottom of the list */
		int more = need - h;
		if (more > L->list_h - 1)
			more = L->list_h - 1;
		y -= more;
		h += more;
		for (int r = y; r < L->detail_y; r++)
			draw_fill(r, L->x, L->w, A_NORMAL);
	}
	draw_par(y, L->x, L->w, h, ask_text(), t->dir, tui_attr(ROLE_SOON) | A_BOLD);
}

static void cl_draw(struct tui *t, struct screen *s)
{
	struct cl_screen *c = (struct cl_screen *)s;
	struct cl_layout L;

	if (!c->nrows) {
		cl_draw_empty(t);
		return;
	}
	cl_layout(t, c->nrows, &L);
	draw_par(L.intro_y, L.x, L.w, L.intro_h, intro_text(), t->dir, tui_attr(ROLE_DIM));
	cl_draw_count(t, c, &L);
	listbox_draw(t, &c->lb, L.list_y, L.x, L.list_h, L.w);
	if (L.sep_y >= 0) {
		attrset(tui_attr(ROLE_DIM));
		mvhline(L.sep_y, L.x, ACS_HLINE, L.w);
		attrset(A_NORMAL);
	}
	if (c->asking)
		cl_draw_ask(t, &L);
	else
		cl_draw_detail(t, c, &L);
}

static void cl_toggle(struct cl_screen *c)
{
	int i = cl_selected_item(c);
	if (i < 0)
		return;
	c->ticked[i] = !c->ticked[i];
	c->nticked += c->ticked[i] ? 1 : -1;
}

static void cl_clear(struct tui *t, struct cl_screen *c)
{
	if (!c->nticked)
		return;
	memset(c->ticked, 0, (size_t)c->cl->n * sizeof *c->ticked);
	c->nticked = 0;
	tui_message(t, ROLE_NORMAL, "%s", _("All ticks cleared."));
}

static struct screen *verdict_new(struct tui *t, const struct checklist *cl, const bool *ticked);

static const enum action cl_bar[] = {ACT_UP,    ACT_DOWN, ACT_TICK, ACT_RESULT,
                                     ACT_CLEAR, ACT_HELP, ACT_BACK, ACT_NONE};
static const enum action cl_ask_bar[] = {ACT_RESULT, ACT_BACK, ACT_NONE};
static const enum action cl_empty_bar[] = {ACT_HELP, ACT_BACK, ACT_NONE};

static void cl_set_asking(struct cl_screen *c, int on)
{
	c->asking = on;
	c->s.bar = on ? cl_ask_bar : cl_bar;
}

static int cl_key(struct tui *t, struct screen *s, enum action a, wint_t ch, int kc)
{
	struct cl_screen *c = (struct cl_screen *)s;
	struct cl_layout L;

	if (!c->nrows)
		return 0; /* nothing to tick: Esc, q and ? do their usual */
	cl_layout(t, c->nrows, &L);
	if (c->asking) {
		cl_set_asking(c, 0);
		if (a == ACT_OPEN || a == ACT_RESULT) {
			tui_push(t, verdict_new(t, c->cl, c->ticked));
			return 1;
		}
		/* Esc, q: back to the list, not off the screen; any other key
		 * does what it does on the list (Space ticks) */
		if (a == ACT_BACK || a == ACT_QUIT)
			return 1;
	}
	/* Space is also Page down in the action table: here it ticks */
	if ((!kc && ch == ' ') || a == ACT_TICK) {
		cl_toggle(c);
		return 1;
	}
	if (listbox_key(&c->lb, a, L.list_h))
		return 1;
	switch (a) {
	case ACT_CLEAR:
		cl_clear(t, c);
		return 1;
	case ACT_OPEN:
	case ACT_RESULT:
		if (!c->nticked)
			cl_set_asking(c, 1);
		else
			tui_push(t, verdict_new(t, c->cl, c->ticked));
		return 1;
	default:
		return 0;
	}
}

static const char *cl_title(struct tui *t, struct screen *s)
{
	(void)t, (void)s;
	return _("Checklist");
}

static void cl_destroy(struct screen *s)
{
	struct cl_screen *c = (struct cl_screen *)s;
	free(c->rows);
	free(c->ticked);
	free(c);
}

static const struct screen_ops cl_ops = {
    .title = cl_title,
    .draw = cl_draw,
    .key = cl_key,
    .destroy = cl_destroy,
    .bar = cl_bar,
};

struct screen *checklist_new(struct tui *t)
{
	struct cl_screen *c = calloc(1, sizeof *c);

	if (!c)
		return NULL;
	c->s.ops = &cl_ops;
	tui_content(t); /* a missing checklist is drawn as such, not an error */
	c->cl = &t->checklist;
	if (c->cl->n > 0) {
		c->ticked = calloc((size_t)c->cl->n, sizeof *c->ticked);
		if (!c->ticked || cl_build_rows(c) != 0) {
			cl_destroy(&c->s);
			tui_message(t, ROLE_ERROR, "%s", _("Out of memory."));
			return NULL;
		}
	}
	if (!c->nrows)
		c->s.bar = cl_empty_bar;
	listbox_init(&c->lb, c->nrows, c, cl_label);
	c->lb.is_header = cl_is_header;
	c->lb.role = cl_role;
	listbox_fix(&c->lb, 1); /* off the first heading */
	return &c->s;
}

/* ===================================================================== *
 * The verdict screen
 * ===================================================================== */

struct verdict_screen {
	struct screen s;
	struct verdict v;
	struct textview tv;
	const char **links; /* card id of each link (strings of t->cards) */
	int nlinks;
};

/* The banner: a symbol and a word for each level (content_levels), never
 * colour alone. The symbols are one cell wide in every terminal. */
enum role tui_level_role(int level)
{
	static const enum role roles[LEVEL_COUNT] = {
	    [LEVEL_SELFCARE] = ROLE_OK,
	    [LEVEL_SOON] = ROLE_SOON,
	    [LEVEL_URGENT] = ROLE_URGENT,
	    [LEVEL_EMERGENCY] = ROLE_EMERGENCY,
	};
	return level >= 0 && level < LEVEL_COUNT ? roles[level] : ROLE_NORMAL;
}

/* A block "<mark> text" whose later rows line up under the text; data of
 * any length, so no fixed buffer. */
static void tv_marked(struct textview *tv, enum role r, int indent, int link, enum text_dir d,
                      const char *mark, const char *text)
{
	char *buf;
	if (asprintf(&buf, "%s %s", mark, text ? text : "") < 0)
		return;
	tv_add(tv, r, indent, text_width(mark) + 1, link, d, buf);
	free(buf);
}

/* What to do: the emergency numbers where they matter, and the advice of
 * the checklist file. The level itself is said once, by the banner (the
 * file's title for the level would say it a second time). */
static void vd_add_advice(struct tui *t, struct verdict_screen *v, const struct checklist *cl)
{
	const struct level_info *li = &cl->levels[v->v.level];
	const char *numbers = cl->emergency_numbers;
	enum text_dir d = t->dir;

	/* in an emergency the numbers come before everything else */
	if (v->v.level == LEVEL_EMERGENCY && numbers)
		tv_add(&v->tv, ROLE_TITLE, 0, 0, -1, d, numbers);
	for (int i = 0; i < li->nadvice; i++)
		tv_marked(&v->tv, ROLE_NORMAL, 0, -1, d, "•", li->advice[i]);
	if (v->v.level == LEVEL_URGENT && numbers) {
		tv_add(&v->tv, ROLE_TITLE, 0, 0, -1, d,
		       _("If it gets worse, or an emergency sign appears:"));
		tv_add(&v->tv, ROLE_NORMAL, 2, 0, -1, d, numbers);
	}
}

/* Adds card c as link number v->nlinks (the arrow points into the text
 * in both directions). */
static void vd_link(struct tui *t, struct verdict_screen *v, const struct card *c)
{
	tv_marked(&v->tv, ROLE_LINK, 2, v->nlinks, t->dir, t->rtl ? "←" : "→", c->title);
	v->links[v->nlinks++] = c->id;
}

static int vd_linked(const struct verdict_screen *v, const char *id)
{
	for (int i = 0; i < v->nlinks; i++)
		if (!strcmp(v->links[i], id))
			return 1;
	return 0;
}

/* The ticked items that led here, most urgent first (triage's order),
 * each with the card about it (triage_suggest) as a link. */
static void vd_add_reasons(struct tui *t, struct verdict_screen *v, const struct checklist *cl)
{
	enum text_dir d = t->dir;

	if (!v->v.nreasons)
		return;
	tv_add(&v->tv, ROLE_NORMAL, 0, 0, -1, d, "");
	tv_add(&v->tv, ROLE_HEADING, 0, 0, -1, d, _("Because you said:"));
	for (int k = 0; k < v->v.nreasons; k++) {
		const struct check_item *it = &cl->items[v->v.reasons[k]];
		int ci = v->v.cards ? v->v.cards[k] : -1;
		tv_marked(&v->tv, ROLE_TITLE, 0, -1, d, "•", it->question);
		tv_add(&v->tv, ROLE_NORMAL, 2, 0, -1, d, it->sign_of);
		/* every sign gets its card, even one already named above */
		if (ci >= 0 && v->links)
			vd_link(t, v, &t->cards.v[ci]);
	}
}

/* The level's cards as links, after those of the reasons; ids with no card
 * in this language, or already linked above, are left out. */
static void vd_add_cards(struct tui *t, struct verdict_screen *v, const struct checklist *cl)
{
	const struct level_info *li = &cl->levels[v->v.level];
	enum text_dir d = t->dir;
	int shown = 0;

	for (int k = 0; v->links && k < li->ncards; k++) {
		const struct card *c = cards_find(&t->cards, li->cards[k]);
		if (!c || vd_linked(v, c->id))
			continue;
		if (!shown++) {
			tv_add(&v->tv, ROLE_NORMAL, 0, 0, -1, d, "");
			tv_add(&v->tv, ROLE_HEADING, 0, 0, -1, d,
			       v->nlinks ? _("Also worth reading") : _("Suggested cards"));
		}
		vd_link(t, v, c);
	}
	if (v->nlinks)
		tv_add(&v->tv, ROLE_DIM, 2, 0, -1, d, _("Tab chooses a card, Enter opens it."));
}

static void vd_add_diary(struct tui *t, struct verdict_screen *v)
{
	enum text_dir d = t->dir;

	tv_add(&v->tv, ROLE_NORMAL, 0, 0, -1, d, "");
	if (v->v.level == LEVEL_SELFCARE)
		tv_add(&v->tv, ROLE_NORMAL, 0, 0, -1, d,
		       _("The pain diary (from the home screen) shows whether your pain is getting "
		         "better; take it with you if you see a doctor."));
	tv_add(&v->tv, ROLE_DIM, 0, 0, -1, d,
	       _("Press s to save this result in a new diary entry for today."));
	tv_add(
	    &v->tv, ROLE_DIM, 0, 0, -1, d,
	    _("backcare does not diagnose: this says how soon to get help, from what you ticked."));
}

static void vd_draw(struct tui *t, struct screen *s)
{
	struct verdict_screen *v = (struct verdict_screen *)s;
	const struct level_desc *ld = &content_levels[v->v.level];
	attr_t a = tui_attr(tui_level_role(v->v.level));
	char buf[512];

	snprintf(buf, sizeof buf, "%s %s", ld->symbol, _(ld->banner));
	/* the whole row in the level's role; margins are equal on both sides
	 * so it needs no mirroring */
	draw_fill(t->body_y, 0, t->cols, a);
	draw_text(t->body_y, 1, t->cols - 2, buf, t->dir, a | A_BOLD);
	tv_draw(t, &v->tv, t->body_y + 1, 1, t->body_h - 1, t->cols - 2);
}

static void vd_open_link(struct tui *t, struct verdict_screen *v, int h)
{
	if (!v->nlinks) {
		tui_message(t, ROLE_NORMAL, "%s", _("There is no card to open here."));
		return;
	}
	if (v->tv.link < 0) {
		/* Enter before Tab: choose the first card and say how to go on */
		tv_key(&v->tv, ACT_NEXT_FIELD, h);
		tui_message(t, ROLE_NORMAL, "%s", _("Tab chooses a card, Enter opens it."));
		return;
	}
	/* card_reader_new explains it itself when the card cannot open */
	tui_push(t, card_reader_new(t, v->links[v->tv.link]));
}

static int vd_key(struct tui *t, struct screen *s, enum action a, wint_t ch, int kc)
{
	struct verdict_screen *v = (struct verdict_screen *)s;
	int h = t->body_h - 1;

	/* 's' is Stats in the action table; on this screen it saves */
	if ((!kc && ch == 's') || a == ACT_SAVE || a == ACT_SAVE_VERDICT) {
		tui_push(t, form_new_with_verdict(t, (int)v->v.level));
		return 1;
	}
	if (a == ACT_OPEN) {
		vd_open_link(t, v, h);
		return 1;
	}
	return tv_key(&v->tv, a, h);
}

static const char *vd_title(struct tui *t, struct screen *s)
{
	(void)t, (void)s;
	return _("What to do");
}

static void vd_destroy(struct screen *s)
{
	struct verdict_screen *v = (struct verdict_screen *)s;
	verdict_free(&v->v);
	tv_free(&v->tv);
	free(v->links);
	free(v);
}

static const enum action vd_bar[] = {ACT_UP,           ACT_DOWN, ACT_NEXT_FIELD, ACT_OPEN,
                                     ACT_SAVE_VERDICT, ACT_BACK, ACT_NONE};

static const struct screen_ops vd_ops = {
    .title = vd_title,
    .draw = vd_draw,
    .key = vd_key,
    .destroy = vd_destroy,
    .bar = vd_bar,
};

static struct screen *verdict_new(struct tui *t, const struct checklist *cl, const bool *ticked)
{
	struct verdict_screen *v = calloc(1, sizeof *v);

	if (!v || triage_evaluate(cl, ticked, &v->v) != 0 ||
	    triage_suggest(cl, &t->cards, &v->v) != 0 ||
	    !(v->links = calloc((size_t)(v->v.nreasons + cl->levels[v->v.level].ncards) + 1,
	                        sizeof *v->links))) {
		if (v)
			verdict_free(&v->v);
		free(v);
		tui_message(t, ROLE_ERROR, "%s", _("Out of memory."));
		return NULL;
	}
	v->s.ops = &vd_ops;
	tv_init(&v->tv);
	vd_add_advice(t, v, cl);
	vd_add_reasons(t, v, cl);
	vd_add_cards(t, v, cl);
	vd_add_diary(t, v);
	return &v->s;
}
