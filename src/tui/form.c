/* form.c — the diary entry form: the time, a 0–10 pain scale, a body map,
 * toggle chips for how it feels, the context and what helped, medication
 * and a note. It opens on the pain scale so "a 7 Ctrl-S" logs a day;
 * Ctrl-S saves from any field; Esc asks before dropping changes. */
#include "tui.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diary.h"

enum field { F_TIME, F_PAIN, F_WHERE, F_FEELS, F_CONTEXT, F_HELPED, F_MED, F_NOTE, NFIELDS };
enum { R_VERDICT = NFIELDS, NROWS }; /* the verdict row is shown, never focused */

static const char *const row_labels[NROWS] = {
    N_("When"),   N_("Pain"),       N_("Where"), N_("Feels"),     N_("Context"),
    N_("Helped"), N_("Medication"), N_("Note"),  N_("Checklist"),
};

/* --- the body map: a figure seen from behind, never mirrored (its left
 * is the person's left in every language) ------------------------------ */
struct region {
	const char *id; /* diary_places id */
	int row, x, w;  /* inside the figure */
};
/* One line per row of the figure. */
/* clang-format off */
static const struct region regions[] = {
	{"upper-back-left", 1, 5, 4}, {"upper-back", 1, 10, 5}, {"upper-back-right", 1, 16, 4},
	{"mid-back-left", 2, 5, 4},   {"mid-back", 2, 10, 5},   {"mid-back-right", 2, 16, 4},
	{"lower-back-left", 3, 5, 4}, {"lower-back", 3, 10, 5}, {"lower-back-right", 3, 16, 4},
	{"hip-left", 4, 0, 4}, {"buttock-left", 4, 5, 4}, {"pelvis", 4, 10, 5},
		{"buttock-right", 4, 16, 4}, {"hip-right", 4, 21, 4},
	{"thigh-left", 5, 5, 4},      {"groin", 5, 10, 5},      {"thigh-right", 5, 16, 4},
	{"leg-left", 6, 5, 4},                                  {"leg-right", 6, 16, 4},
};
/* clang-format on */
#define NREGIONS ((int)(sizeof regions / sizeof *regions))
#define MAP_W 25
#define MAP_H 7
#define MAP_START 7 /* the cursor starts on the lower back, the usual place */
#define SIDE_MIN 16 /* narrower than this, the map's notes go below it */
#define SCALE_W 34  /* "0".."9" in 3 cells each, "10" in 4 */
#define TIME_W 18

static int region_place(int r)
{
	return vocab_find(diary_places, diary_nplaces, regions[r].id);
}

/* --- the form -------------------------------------------------------------- */
struct layout {
	int lw, vx, vw;         /* label width, value column and width */
	int y[NROWS], h[NROWS]; /* rows inside the scrolled form (h 0: hidden) */
	int total;
	int map_side; /* the map's notes beside it (else below) */
};

struct form {
	struct screen s;
	char id[DIARY_ID_MAX];   /* "" for a new entry */
	struct diary_entry orig; /* time fields (and verdict) as opened; no strings */
	char title[128];
	int pain, verdict;
	unsigned where, feels, context, helped;
	/* a ticked place's own pain (issue 13.5): a digit on the map */
	unsigned place_set, place_set0;
	unsigned char place_pain[DIARY_VOCAB_MAX], place_pain0[DIARY_VOCAB_MAX];
	struct lineedit time, med, note;
	/* what the fields held when the form opened: Esc asks only if changed */
	int pain0;
	unsigned where0, feels0, context0, helped0;
	char time0[64], med0[sizeof((struct lineedit *)0)->buf],
	    note0[sizeof((struct lineedit *)0)->buf];
	/* the entry's texts whole (malloc'd, NULL if none): a text longer
	 * than the field keeps its tail, an untouched one is saved as is */
	char *med_all, *note_all;
	char *med_out, *note_out; /* what form_entry made to save */

	int focus;       /* enum field */
	int map;         /* region under the map cursor */
	int chip[3];     /* chip cursor of feels, context, helped */
	int one_pending; /* the last key was '1' on the pain scale */
	long long one_at;
	int asking; /* "Discard this entry? (y/n)" is up */
	int top;    /* first form row shown */
	int cy, cx; /* terminal cursor (text fields), cy < 0: none */
};

/* --- toggle chips --------------------------------------------------------- */
struct chipset {
	const struct vocab *v;
	int n;
	unsigned *mask;
	int *cur;
};

static int is_chips(int field)
{
	return field == F_FEELS || field == F_CONTEXT || field == F_HELPED;
}

static struct chipset chips_of(struct form *f, int field)
{
	switch (field) {
	case F_FEELS:
		return (struct chipset){diary_feels, diary_nfeels, &f->feels, &f->chip[0]};
	case F_CONTEXT:
		return (struct chipset){diary_contexts, diary_ncontexts, &f->context, &f->chip[1]};
	default:
		return (struct chipset){diary_helped, diary_nhelped, &f->helped, &f->chip[2]};
	}
}

/* A chip is "[x] label": 3 cells of box, a space, the label. */
static int chip_width(const struct vocab *v, int i, int w)
{
	int cw = 4 + text_width(_(v[i].label));
	return cw > w ? w : cw;
}

/* Lays the chips out in rows of width w (x from the leading edge).
 * Returns the number of rows. */
static int chips_place(const struct chipset *c, int w, int *row, int *x)
{
	int r = 0, cx = 0;

	for (int i = 0; i < c->n && i < DIARY_VOCAB_MAX; i++) {
		int cw = chip_width(c->v, i, w);
		if (cx > 0 && cx + cw > w) {
			r++;
			cx = 0;
		}
		row[i] = r;
		x[i] = cx;
		cx += cw + 2;
	}
	return r + 1;
}

/* --- layout and scrolling ------------------------------------------------- */
static int is_text(int field)
{
	return field == F_TIME || field == F_MED || field == F_NOTE;
}

/* Top to bottom: the checklist's verdict (when the form came from it)
 * first, as the reason for this entry. */
static const int row_order[NROWS] = {
    R_VERDICT, F_TIME, F_PAIN, F_WHERE, F_FEELS, F_CONTEXT, F_HELPED, F_MED, F_NOTE,
};

static int form_rows(const struct tui *t);

static void form_layout(const struct tui *t, struct form *f, struct layout *L)
{
	int row[DIARY_VOCAB_MAX], x[DIARY_VOCAB_MAX], y = 0;

	L->lw = 4;
	for (int i = 0; i < NROWS; i++) {
		int w = text_width(_(row_labels[i]));
		if (w > L->lw)
			L->lw = w;
	}
	if (L->lw > 12)
		L->lw = 12;
	if (L->lw > t->cols / 4)
		L->lw = t->cols / 4;
	L->vx = 1 + L->lw + 2;
	L->vw = t->cols - L->vx - 1;
	if (L->vw < 1)
		L->vw = 1;
	L->map_side = L->vw - MAP_W - 2 >= SIDE_MIN;
	for (int i = 0; i < NROWS; i++) {
		if (i == F_WHERE)
			L->h[i] = MAP_H + (L->map_side ? 0 : 2);
		else if (is_chips(i)) {
			struct chipset c = chips_of(f, i);
			L->h[i] = chips_place(&c, L->vw, row, x);
		} else
			L->h[i] = i == R_VERDICT && f->verdict < 0 ? 0 : 1;
		y += L->h[i];
	}
	/* a blank row around the map when everything still fits */
	int breath = y + 2 <= form_rows(t);
	y = 0;
	for (int k = 0; k < NROWS; k++) {
		int i = row_order[k];
		L->y[i] = y;
		y += L->h[i];
		if (breath && (i == F_PAIN || i == F_WHERE))
			y++;
	}
	L->total = y;
}

/* Rows of the form's window: the rest of the body less the hint and the
 * message line. */
static int form_rows(const struct tui *t)
{
	int v = t->body_h - 2;
	return v < 1 ? 1 : v;
}

/* Scrolls so the focused field (for a tall map: the cursor's row) shows. */
static void form_scroll(const struct tui *t, struct form *f, const struct layout *L)
{
	int v = form_rows(t), fy = L->y[f->focus], fh = L->h[f->focus];

	if (f->focus == F_WHERE && fh > v) {
		fy += regions[f->map].row;
		fh = 1;
	}
	if (f->top > L->total - v)
		f->top = L->total - v;
	if (fy + fh > f->top + v)
		f->top = fy + fh - v;
	if (fy < f->top)
		f->top = fy;
	if (f->top < 0)
		f->top = 0;
}

/* Screen row of form row r, or -1 when it is scrolled out of view. */
static int vrow(const struct tui *t, const struct form *f, int r)
{
	if (r < f->top || r >= f->top + form_rows(t))
		return -1;
	return t->body_y + r - f->top;
}

/* --- drawing ------------------------------------------------------------- */
/* Text at logical x (from the leading edge) of the value column, w cells,
 * mirrored in RTL. */
static void put_value(struct tui *t, const struct layout *L, int y, int x, int w, const char *s,
                      enum text_dir dir, attr_t a)
{
	if (y < 0 || w <= 0 || x >= L->vw)
		return;
	if (x + w > L->vw)
		w = L->vw - x;
	draw_text(y, tui_mx(t, L->vx + x, w), w, s, dir, a);
}

static void draw_time(struct tui *t, struct form *f, const struct layout *L, int y)
{
	struct diary_entry e = f->orig;
	int w = L->vw < TIME_W ? L->vw : TIME_W;
	/* a time is typed in the order of its pattern, YYYY-MM-DD HH:MM,
	 * left to right in every language */
	int cx = le_draw(t, &f->time, y, tui_mx(t, L->vx, w), w, A_UNDERLINE, TEXT_LTR);

	if (f->focus == F_TIME) {
		f->cy = y;
		f->cx = cx;
	}
	if (diary_parse_time(f->time.buf, &e) != 0)
		put_value(t, L, y, w + 2, L->vw - w - 2, _("not a valid time: YYYY-MM-DD HH:MM"),
		          t->dir, tui_attr(ROLE_ERROR));
	else if (f->focus == F_TIME)
		put_value(t, L, y, w + 2, L->vw - w - 2, "YYYY-MM-DD HH:MM", TEXT_LTR,
		          tui_attr(ROLE_DIM));
}

static enum role pain_role(int pain)
{
	return pain < 0 ? ROLE_DIM : pain <= 3 ? ROLE_OK : pain <= 6 ? ROLE_SOON : ROLE_URGENT;
}

/* 0..10 left to right in every language (a number line); the chosen
 * value reversed and in brackets, so it reads without colour. */
static void draw_pain(struct tui *t, struct form *f, const struct layout *L, int y)
{
	char s[16];
	int wide = L->vw >= SCALE_W + 10, sw = wide ? SCALE_W : 4;
	int ox = tui_mx(t, L->vx, sw);

	if (wide) {
		for (int i = 0, x = 0; i <= 10; x += i == 10 ? 4 : 3, i++) {
			int cw = i == 10 ? 4 : 3;
			snprintf(s, sizeof s, i == f->pain ? "[%d]" : " %d ", i);
			draw_text(y, ox + x, cw, s, TEXT_LTR,
			          i == f->pain ? tui_attr(ROLE_SELECTED) | A_BOLD : A_NORMAL);
		}
	} else if (f->pain >= 0) {
		snprintf(s, sizeof s, "[%d]", f->pain);
		draw_text(y, ox, sw, s, TEXT_LTR, tui_attr(ROLE_SELECTED) | A_BOLD);
	} else {
		draw_text(y, ox, sw, "[ ]", TEXT_LTR, A_NORMAL);
	}
	put_value(t, L, y, sw + 2, L->vw - sw - 2, tui_diary_pain_word(f->pain), t->dir,
	          tui_attr(pain_role(f->pain)) | A_BOLD);
}

static void draw_region(struct tui *t, const struct form *f, int r, int y, int ox)
{
	const struct region *g = &regions[r];
	int p = region_place(r), on = p >= 0 && (f->where & (1u << p));
	int cursor = f->focus == F_WHERE && r == f->map;
	const char *dot = text_width("·") == 1 ? "·" : ".";
	char s[64], num[4] = "";
	size_t n = 0;
	int nl = 0, at = -1;

	if (on && (f->place_set & (1u << p))) { /* its own pain, in the middle */
		nl = snprintf(num, sizeof num, "%d", f->place_pain[p]);
		at = (g->w - nl) / 2;
	}
	for (int i = 0; i < g->w; i++) {
		const char *c = on ? "#" : dot;
		if (cursor && i == 0)
			c = "[";
		else if (cursor && i == g->w - 1)
			c = "]";
		if (at >= 0 && i >= at && i < at + nl) {
			n += (size_t)snprintf(s + n, sizeof s - n, "%c", num[i - at]);
			continue;
		}
		n += (size_t)snprintf(s + n, sizeof s - n, "%s", c);
	}
	attr_t a = on ? tui_attr(ROLE_SELECTED) | A_BOLD : A_NORMAL;
	if (cursor)
		a |= A_BOLD | A_UNDERLINE;
	draw_text(y, ox + g->x, g->w, s, TEXT_LTR, a);
}

/* The first row of the figure: a head between the words left and right. */
static void draw_map_head(struct tui *t, int y, int ox)
{
	/* TRANSLATORS: over the body map, seen from behind: the person's own
	 * left and right (short: at most 9 cells each) */
	const char *l = _("left"), *r = _("right");
	int lw = text_width(l), rw = text_width(r);

	lw = lw > 9 ? 9 : lw;
	rw = rw > 9 ? 9 : rw;
	draw_text(y, ox, lw, l, TEXT_AUTO, tui_attr(ROLE_DIM));
	draw_text(y, ox + 11, 3, "(_)", TEXT_LTR, A_NORMAL);
	draw_text(y, ox + MAP_W - rw, rw, r, TEXT_AUTO, tui_attr(ROLE_DIM));
}

/* The place under the map cursor, and what a digit does there. */
static const char *place_line(const struct form *f, int p, char *buf, size_t size)
{
	if (!(f->where & (1u << p)))
		snprintf(buf, size, "%s", _(diary_places[p].label));
	else if (f->place_set & (1u << p))
		/* TRANSLATORS: on the body map: a ticked place with a pain
		 * of its own (Delete or Space takes it away); short */
		snprintf(buf, size, _("%s: its own pain %d"), _(diary_places[p].label),
		         f->place_pain[p]);
	else
		/* TRANSLATORS: on the body map: a ticked place; a digit gives
		 * it a pain of its own; short */
		snprintf(buf, size, _("%s (a digit: own pain)"), _(diary_places[p].label));
	return buf;
}

/* Beside the figure (or under it when narrow): how to read it, the region
 * under the cursor, what is marked. */
static void draw_map_notes(struct tui *t, const struct form *f, const struct layout *L, int y0)
{
	char marked[1024], buf[1200];
	int side = L->map_side;
	int x = side ? MAP_W + 2 : 0, w = side ? L->vw - MAP_W - 2 : L->vw;
	int ry = side ? 0 : MAP_H; /* first note row inside the field */
	int p = region_place(f->map);

	tui_diary_places(f->where, f->place_set, f->place_pain, marked, sizeof marked);
	if (marked[0])
		snprintf(buf, sizeof buf, _("Marked: %s"), marked);
	else
		snprintf(buf, sizeof buf, "%s", _("Nothing marked yet."));
	if (side) {
		int sy = vrow(t, f, y0), sx = tui_mx(t, L->vx + x, w);
		if (sy >= 0 && vrow(t, f, y0 + 1) >= 0)
			draw_par(sy, sx, w, 2,
			         _("Seen from behind: the figure's left is your left."), t->dir,
			         tui_attr(ROLE_DIM));
		if (f->focus == F_WHERE && p >= 0) {
			char pl[512];
			put_value(t, L, vrow(t, f, y0 + 2), x, w, place_line(f, p, pl, sizeof pl),
			          t->dir, A_BOLD);
		}
		for (int i = 0; i < 4; i++) /* the marked list wraps on up to 4 rows */
			if (vrow(t, f, y0 + 3 + i) < 0)
				return;
		draw_par(vrow(t, f, y0 + 3), sx, w, 4, buf, t->dir, A_NORMAL);
		return;
	}
	if (f->focus == F_WHERE && p >= 0) {
		char pl[512];
		put_value(t, L, vrow(t, f, y0 + ry), x, w, place_line(f, p, pl, sizeof pl), t->dir,
		          A_BOLD);
	} else
		put_value(t, L, vrow(t, f, y0 + ry), x, w,
		          _("Seen from behind: the figure's left is your left."), t->dir,
		          tui_attr(ROLE_DIM));
	put_value(t, L, vrow(t, f, y0 + ry + 1), x, w, buf, t->dir, A_NORMAL);
}

static void draw_map(struct tui *t, struct form *f, const struct layout *L)
{
	int y0 = L->y[F_WHERE], ox = tui_mx(t, L->vx, MAP_W);
	int y = vrow(t, f, y0);

	if (y >= 0)
		draw_map_head(t, y, ox);
	for (int r = 0; r < NREGIONS; r++) {
		y = vrow(t, f, y0 + regions[r].row);
		if (y >= 0)
			draw_region(t, f, r, y, ox);
	}
	draw_map_notes(t, f, L, y0);
}

static void draw_chips(struct tui *t, struct form *f, const struct layout *L, int field)
{
	struct chipset c = chips_of(f, field);
	int row[DIARY_VOCAB_MAX], x[DIARY_VOCAB_MAX];

	chips_place(&c, L->vw, row, x);
	for (int i = 0; i < c.n && i < DIARY_VOCAB_MAX; i++) {
		int y = vrow(t, f, L->y[field] + row[i]), cw = chip_width(c.v, i, L->vw);
		int on = (*c.mask >> i) & 1, cur = f->focus == field && i == *c.cur;
		attr_t a = cur ? tui_attr(ROLE_SELECTED) : on ? A_BOLD : A_NORMAL;
		if (y < 0)
			continue;
		/* box and label drawn apart: brackets never get caught in the
		 * bidi reordering of a right-to-left label */
		if (cur)
			put_value(t, L, y, x[i], cw, "", t->dir, a);
		put_value(t, L, y, x[i], 3, on ? "[x]" : "[ ]", TEXT_LTR, a);
		put_value(t, L, y, x[i] + 4, cw - 4, _(c.v[i].label), t->dir, a);
	}
}

static void draw_verdict(struct tui *t, struct form *f, const struct layout *L, int y)
{
	enum role r = tui_level_role(f->verdict);

	put_value(t, L, y, 0, L->vw, tui_diary_verdict_label(f->verdict), t->dir,
	          tui_attr(r) | A_BOLD);
}

static const char *field_hint(const struct form *f)
{
	switch (f->focus) {
	case F_TIME:
		return _("Date and time as YYYY-MM-DD HH:MM · Tab next field · Ctrl-S save · Esc "
		         "cancel");
	case F_PAIN:
		/* TRANSLATORS: keep "0-9" with an ASCII hyphen: it then stays
		 * "0-9" in a right-to-left line */
		return _("0-9 set the pain (1 then 0, or End: 10) · ←/→ change · Tab next · Ctrl-S "
		         "save");
	case F_WHERE:
		return _(
		    "Arrows move on the figure · Space marks or unmarks · Tab next · Ctrl-S save");
	case F_MED:
	case F_NOTE:
		return _("Type freely · Tab next field · Ctrl-S save · Esc cancel");
	default:
		return _("←/→ choose · Space marks or unmarks · Tab next field · Ctrl-S save");
	}
}

static void draw_field(struct tui *t, struct form *f, const struct layout *L, int i)
{
	int y = vrow(t, f, L->y[i]);

	if (y < 0 && i != F_WHERE)
		return;
	switch (i) {
	case F_TIME:
		draw_time(t, f, L, y);
		break;
	case F_PAIN:
		draw_pain(t, f, L, y);
		break;
	case F_WHERE:
		draw_map(t, f, L);
		break;
	case F_MED:
	case F_NOTE: {
		struct lineedit *le = i == F_MED ? &f->med : &f->note;
		int cx = le_draw(t, le, y, tui_mx(t, L->vx, L->vw), L->vw, A_UNDERLINE, TEXT_AUTO);
		if (f->focus == i) {
			f->cy = y;
			f->cx = cx;
		}
		break;
	}
	case R_VERDICT:
		draw_verdict(t, f, L, y);
		break;
	default:
		draw_chips(t, f, L, i);
		break;
	}
}

static void form_draw(struct tui *t, struct screen *s)
{
	struct form *f = (struct form *)s;
	struct layout L;

	form_layout(t, f, &L);
	form_scroll(t, f, &L);
	f->cy = -1;
	for (int i = 0; i < NROWS; i++) {
		if (!L.h[i])
			continue;
		int y = vrow(t, f, L.y[i]);
		if (y >= 0)
			draw_text(y, tui_mx(t, 1, L.lw), L.lw, _(row_labels[i]), t->dir,
			          i == f->focus ? tui_attr(ROLE_SELECTED) : tui_attr(ROLE_TITLE));
		draw_field(t, f, &L, i);
	}
	draw_text(t->body_y + form_rows(t), 1, t->cols - 2, field_hint(f), t->dir,
	          tui_attr(ROLE_DIM));
}

static int form_cursor(struct tui *t, struct screen *s, int *y, int *x)
{
	struct form *f = (struct form *)s;
	(void)t;
	if (f->cy < 0 || !is_text(f->focus) || f->asking)
		return 0;
	*y = f->cy;
	*x = f->cx;
	return 1;
}

static const char *form_title(struct tui *t, struct screen *s)
{
	(void)t;
	return ((struct form *)s)->title;
}

/* --- editing ------------------------------------------------------------- */
static const enum action bar_text[] = {ACT_SAVE, ACT_NEXT_FIELD, ACT_PREV_FIELD, ACT_BACK,
                                       ACT_NONE};
static const enum action bar_pain[] = {ACT_SAVE,  ACT_NEXT_FIELD, ACT_LEFT,
                                       ACT_RIGHT, ACT_BACK,       ACT_NONE};
static const enum action bar_toggle[] = {ACT_SAVE,       ACT_NEXT_FIELD, ACT_TICK,
                                         ACT_PREV_FIELD, ACT_BACK,       ACT_NONE};

static void focus_set(struct form *f, int field)
{
	f->focus = (field % NFIELDS + NFIELDS) % NFIELDS;
	f->s.bar = is_text(f->focus) ? bar_text : f->focus == F_PAIN ? bar_pain : bar_toggle;
}

/* Up and Down move to the field above or below and stop at the ends;
 * only Tab and Shift-Tab go round. */
static void focus_near(struct form *f, int d)
{
	if (f->focus + d >= 0 && f->focus + d < NFIELDS)
		focus_set(f, f->focus + d);
}

static int form_changed(const struct form *f)
{
	return f->pain != f->pain0 || f->where != f->where0 || f->feels != f->feels0 ||
	       f->place_set != f->place_set0 ||
	       memcmp(f->place_pain, f->place_pain0, sizeof f->place_pain) ||
	       f->context != f->context0 || f->helped != f->helped0 ||
	       strcmp(f->time.buf, f->time0) || strcmp(f->med.buf, f->med0) ||
	       strcmp(f->note.buf, f->note0);
}

/* The region nearest the cursor one step (dr rows or dc regions) away;
 * -1 past the figure's top or bottom (the focus then leaves the map). */
static int map_step(int cur, int dr, int dc)
{
	const struct region *c = &regions[cur];
	int mid = 2 * c->x + c->w, best = dc ? cur : -1, bestd = 1 << 30;

	for (int r = 0; r < NREGIONS; r++) {
		const struct region *g = &regions[r];
		int gm = 2 * g->x + g->w, d;
		if (dc) {
			if (g->row != c->row || (gm - mid) * dc <= 0)
				continue;
			d = (gm - mid) * dc;
		} else {
			if (g->row != c->row + dr)
				continue;
			d = gm > mid ? gm - mid : mid - gm;
		}
		if (d < bestd) {
			bestd = d;
			best = r;
		}
	}
	return best;
}

/* On the map a digit gives the place under the cursor its own pain (and
 * ticks it): '1' then '0' makes 10, as on the pain scale. Delete takes
 * the number away; Space (untick) takes both. Digits did nothing here
 * before. */
static int key_map(struct tui *t, struct form *f, enum action a, wint_t ch, int kc, int one)
{
	int dr = a == ACT_UP ? -1 : a == ACT_DOWN ? 1 : 0;
	int dc = a == ACT_LEFT ? -1 : a == ACT_RIGHT ? 1 : 0;
	int p = region_place(f->map);

	if ((!kc && (ch == ' ' || ch == 'x')) || a == ACT_TICK) {
		if (p >= 0) {
			f->where ^= 1u << p;
			f->place_set &= f->where;
		}
		return 1;
	}
	if (!kc && ch >= '0' && ch <= '9' && p >= 0) {
		int v = (int)(ch - '0');
		if (v == 0 && one && t->now - f->one_at <= 2 && (f->place_set & (1u << p)) &&
		    f->place_pain[p] == 1)
			v = 10;
		f->where |= 1u << p;
		f->place_set |= 1u << p;
		f->place_pain[p] = (unsigned char)v;
		f->one_pending = v == 1;
		f->one_at = t->now;
		return 1;
	}
	if (kc && ch == KEY_DC && p >= 0) { /* Backspace is Back, as elsewhere */
		f->place_set &= ~(1u << p);
		return 1;
	}
	if (!dr && !dc)
		return 0;
	int r = map_step(f->map, dr, dc);
	if (r >= 0)
		f->map = r;
	else
		focus_near(f, dr); /* off the top or bottom: the next field */
	return 1;
}

static int key_chips(struct form *f, enum action a, wint_t ch, int kc)
{
	struct chipset c = chips_of(f, f->focus);

	if ((!kc && (ch == ' ' || ch == 'x')) || a == ACT_TICK) {
		*c.mask ^= 1u << *c.cur;
		return 1;
	}
	switch (a) {
	case ACT_LEFT:
		if (*c.cur > 0)
			(*c.cur)--;
		return 1;
	case ACT_RIGHT:
		if (*c.cur < c.n - 1)
			(*c.cur)++;
		return 1;
	case ACT_TOP:
		*c.cur = 0;
		return 1;
	case ACT_BOTTOM:
		*c.cur = c.n - 1;
		return 1;
	case ACT_UP:
		focus_near(f, -1);
		return 1;
	case ACT_DOWN:
		focus_near(f, 1);
		return 1;
	default:
		return 0;
	}
}

/* A digit sets the pain; '1' then '0' as the next key within a couple
 * of seconds makes 10 (End does too). */
static int key_pain(struct tui *t, struct form *f, enum action a, wint_t ch, int kc, int one)
{
	if (!kc && ch >= '0' && ch <= '9') {
		int v = (int)(ch - '0');
		if (v == 0 && one && t->now - f->one_at <= 2)
			v = 10;
		f->pain = v;
		f->one_pending = v == 1;
		f->one_at = t->now;
		return 1;
	}
	if ((kc && (ch == KEY_BACKSPACE || ch == KEY_DC)) || (!kc && (ch == 127 || ch == 8))) {
		f->pain = -1; /* back to "not set" */
		return 1;
	}
	switch (a) {
	case ACT_LEFT:
		f->pain = f->pain < 0 ? 0 : f->pain > 0 ? f->pain - 1 : 0;
		return 1;
	case ACT_RIGHT:
		f->pain = f->pain < 0 ? 1 : f->pain < 10 ? f->pain + 1 : 10;
		return 1;
	case ACT_TOP:
		f->pain = 0;
		return 1;
	case ACT_BOTTOM:
		f->pain = 10;
		return 1;
	case ACT_UP:
		focus_near(f, -1);
		return 1;
	case ACT_DOWN:
		focus_near(f, 1);
		return 1;
	default:
		return 0;
	}
}

/* Text fields get every printable key (digits, q, ?, j are text there);
 * only Up/Down, Enter, Tab, Esc and Ctrl-S leave them. */
static int key_text(struct form *f, wint_t ch, int kc)
{
	struct lineedit *le = f->focus == F_TIME  ? &f->time
	                      : f->focus == F_MED ? &f->med
	                                          : &f->note;

	if (kc && (ch == KEY_UP || ch == KEY_DOWN)) {
		focus_near(f, ch == KEY_UP ? -1 : 1);
		return 1;
	}
	return le_key(le, ch, kc);
}

/* --- saving --------------------------------------------------------------- */
/* The text a field saves: the entry's text whole when the field was not
 * touched; else what the field holds followed by the part of the entry's
 * text the field could not hold (never cut). Spaces are the person's: only
 * a text of nothing but blanks becomes none. *out owns a new string. */
static char *field_text(const char *buf, const char *buf0, const char *all, char **out)
{
	free(*out);
	*out = NULL;
	if (all && !strcmp(buf, buf0))
		return (char *)all;
	size_t n = strlen(buf), cut = all ? strlen(buf0) : 0;
	const char *tail = all && strlen(all) > cut ? all + cut : "";
	if (strspn(buf, " ") == n && !*tail)
		return NULL;
	if (!*tail)
		return (char *)buf;
	*out = malloc(n + strlen(tail) + 1);
	if (!*out)
		return NULL;
	memcpy(*out, buf, n);
	strcpy(*out + n, tail);
	return *out;
}

/* The entry the form describes, or a message and -1 (focus moved to the
 * field at fault). */
static int form_entry(struct tui *t, struct form *f, struct diary_entry *e)
{
	*e = f->orig; /* the time as opened, the id, the verdict */
	if (strcmp(f->time.buf, f->time0) && diary_parse_time(f->time.buf, e) != 0) {
		focus_set(f, F_TIME);
		tui_message(
		    t, ROLE_ERROR, "%s",
		    _("The time must look like 2026-11-22 09:30 (year-month-day hour:minute)."));
		return -1;
	}
	if (e->t > t->now + 3600) {
		focus_set(f, F_TIME);
		tui_message(t, ROLE_ERROR, "%s", _("That time is in the future."));
		return -1;
	}
	if (f->pain < 0) {
		focus_set(f, F_PAIN);
		tui_message(t, ROLE_ERROR, "%s",
		            _("Choose the pain first: a digit 0-9, or 1 then 0 for 10."));
		return -1;
	}
	e->pain = (signed char)f->pain;
	e->verdict = (signed char)f->verdict;
	e->where = f->where;
	e->place_set = f->place_set & f->where;
	memcpy(e->place_pain, f->place_pain, sizeof e->place_pain);
	e->feels = f->feels;
	e->context = f->context;
	e->helped = f->helped;
	e->med = field_text(f->med.buf, f->med0, f->med_all, &f->med_out);
	e->note = field_text(f->note.buf, f->note0, f->note_all, &f->note_out);
	const char *why = diary_entry_check(e);
	if (why) {
		tui_message(t, ROLE_ERROR, _("Not saved: %s"), _(why));
		return -1;
	}
	return 0;
}

static void form_save(struct tui *t, struct form *f)
{
	char id[DIARY_ID_MAX];
	struct diags dg = {0};
	struct diary_entry e;
	struct diary *d;
	int r;

	if (form_entry(t, f, &e) != 0)
		return;
	d = tui_diary_writable(t); /* reloads first if someone else wrote */
	if (!d)
		return;
	/* the entry as it was opened: if another program changed it since,
	 * nothing is saved over it */
	struct diary_entry was = f->orig;
	was.med = f->med_all;
	was.note = f->note_all;
	r = f->id[0] ? diary_update_if(d, &was, &e, &dg) : diary_add(d, &e, &dg);
	if (r != 0) {
		if (r == -ENOENT)
			tui_message(t, ROLE_ERROR, "%s",
			            _("This entry was deleted meanwhile; nothing was saved."));
		else if (r == -ESTALE)
			tui_message(t, ROLE_ERROR, "%s",
			            _("This entry was changed meanwhile by another program; "
			              "nothing was saved."));
		else if (dg.n)
			tui_message(t, ROLE_ERROR, "%s", dg.v[0].text);
		else
			tui_message(t, ROLE_ERROR, _("Could not save the entry: %s"), strerror(-r));
		diags_free(&dg);
		return;
	}
	diags_free(&dg);
	memcpy(id, e.id, sizeof id);
	tui_diary_saved(t, id);
	tui_pop(t); /* frees f: only e's copies from here on */
	if (e.dayn == diary_today((time_t)t->now))
		tui_message(t, ROLE_OK, _("Saved: pain %d at %02d:%02d"), e.pain, e.hh, e.mm);
	else
		tui_message(t, ROLE_OK, _("Saved: pain %d on %04d-%02d-%02d at %02d:%02d"), e.pain,
		            e.y, e.m, e.d, e.hh, e.mm);
}

static int form_cancel(struct tui *t, struct form *f)
{
	if (!form_changed(f)) {
		tui_pop(t);
		return 1;
	}
	f->asking = 1;
	/* A6: an entry already in the diary is not deleted, only the changes */
	tui_message(t, ROLE_SOON, "%s",
	            f->id[0] ? _("Discard your changes to this entry? (y/n)")
	                     : _("Discard this entry? (y/n)"));
	return 1;
}

static int form_key(struct tui *t, struct screen *s, enum action a, wint_t ch, int kc)
{
	struct form *f = (struct form *)s;
	int one = f->one_pending;

	f->one_pending = 0;
	if (f->asking) {
		f->asking = 0;
		if (!kc && (ch == 'y' || ch == 'Y')) {
			/* the message before the pop: the pop frees f */
			const char *msg = f->id[0] ? _("Changes discarded: the entry is as it was.")
			                           : _("Entry discarded.");
			tui_pop(t);
			tui_message(t, ROLE_NORMAL, "%s", msg);
		} else {
			tui_message(t, ROLE_NORMAL, "%s", _("Still editing: Ctrl-S saves."));
		}
		return 1;
	}
	if (a == ACT_SAVE || (!kc && ch == 19)) {
		form_save(t, f);
		return 1;
	}
	if (a == ACT_NEXT_FIELD || a == ACT_PREV_FIELD || (a == ACT_OPEN)) {
		focus_set(f, f->focus + (a == ACT_PREV_FIELD ? -1 : 1));
		return 1;
	}
	if (!kc && ch == 27)
		return form_cancel(t, f);
	if (is_text(f->focus))
		return key_text(f, ch, kc);
	if (a == ACT_BACK || a == ACT_QUIT)
		return form_cancel(t, f);
	if (f->focus == F_PAIN)
		return key_pain(t, f, a, ch, kc, one);
	if (f->focus == F_WHERE)
		return key_map(t, f, a, ch, kc, one);
	return key_chips(f, a, ch, kc);
}

static void form_destroy(struct screen *s)
{
	struct form *f = (struct form *)s;
	free(f->orig.time_text);
	free(f->med_all);
	free(f->note_all);
	free(f->med_out);
	free(f->note_out);
	free(s);
}

static const struct screen_ops form_ops = {
    .title = form_title,
    .draw = form_draw,
    .key = form_key,
    .destroy = form_destroy,
    .bar = bar_pain,
    .cursor = form_cursor,
};

static void time_text(const struct diary_entry *e, char *buf, size_t size)
{
	snprintf(buf, size, "%04d-%02d-%02d %02d:%02d", e->y, e->m, e->d, e->hh, e->mm);
}

/* Fills the fields from the entry id (copied: d->v may be reloaded). */
static int form_load(struct tui *t, struct form *f, struct diary *d, const char *id)
{
	int k = diary_find(d, id);
	const struct diary_entry *e;

	if (k < 0) {
		tui_message(t, ROLE_ERROR, "%s", _("That entry is no longer in the diary."));
		return -1;
	}
	e = &d->v[k];
	f->orig = *e;
	f->orig.med = f->orig.note = NULL;
	/* the time as written by hand (A4), kept while the time is not
	 * changed; a copy, as d's strings go with a reload */
	f->orig.time_text = e->time_text ? strdup(e->time_text) : NULL;
	snprintf(f->id, sizeof f->id, "%s", e->id);
	f->pain = e->pain;
	f->verdict = e->verdict;
	f->where = e->where;
	f->place_set = e->place_set;
	memcpy(f->place_pain, e->place_pain, sizeof f->place_pain);
	f->feels = e->feels;
	f->context = e->context;
	f->helped = e->helped;
	le_set(&f->med, e->med);
	le_set(&f->note, e->note);
	f->med_all = e->med ? strdup(e->med) : NULL;
	f->note_all = e->note ? strdup(e->note) : NULL;
	if ((e->med && !f->med_all) || (e->note && !f->note_all)) {
		tui_message(t, ROLE_ERROR, "%s", strerror(ENOMEM));
		return -1;
	}
	snprintf(f->title, sizeof f->title, "%s", _("Edit diary entry"));
	return 0;
}

/* What the fields hold now is what "unchanged" means for Esc. */
static void form_snapshot(struct form *f)
{
	f->pain0 = f->pain;
	f->where0 = f->where;
	f->place_set0 = f->place_set;
	memcpy(f->place_pain0, f->place_pain, sizeof f->place_pain0);
	f->feels0 = f->feels;
	f->context0 = f->context;
	f->helped0 = f->helped;
	snprintf(f->time0, sizeof f->time0, "%s", f->time.buf);
	memcpy(f->med0, f->med.buf, sizeof f->med0);
	memcpy(f->note0, f->note.buf, sizeof f->note0);
}

struct screen *form_new(struct tui *t, const char *id)
{
	struct diary *d = tui_diary_writable(t); /* refuses a read-only diary */
	struct form *f;
	char buf[64];

	if (!d)
		return NULL;
	f = calloc(1, sizeof *f);
	if (!f)
		return NULL;
	f->s.ops = &form_ops;
	diary_entry_init(&f->orig);
	f->pain = f->verdict = -1;
	if (id && form_load(t, f, d, id) != 0) {
		form_destroy(&f->s);
		return NULL;
	}
	if (!id) {
		diary_entry_set_time(&f->orig, (time_t)t->now);
		snprintf(f->title, sizeof f->title, "%s", _("New diary entry"));
	}
	time_text(&f->orig, buf, sizeof buf);
	le_set(&f->time, buf);
	f->map = MAP_START;
	f->cy = -1;
	focus_set(f, F_PAIN);
	form_snapshot(f);
	return &f->s;
}

struct screen *form_new_with_verdict(struct tui *t, int level)
{
	struct screen *s = form_new(t, NULL);
	struct form *f = (struct form *)s;

	if (f) {
		f->verdict = f->orig.verdict = level;
	}
	return s;
}
