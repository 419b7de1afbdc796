/* page.c — draws the report page with cairo and Pango: Pango shapes
 * Arabic and lays it out right to left, and picks the CJK font. One page
 * always: every block has a fixed budget of lines and cuts what does not
 * fit with "…"; the notes take what is left. */
#include "page.h"

#include <pango/pangocairo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checkin.h"
#include "i18n.h"

#define MARGIN 36.0
#define GAP 10.0

enum { BOLD = 1, GRAY = 2, CENTER = 4, USER = 8, LTR = 16, END = 32 };

struct pg {
	cairo_t *cr;
	const struct page_data *pd;
	double pw, ph;
	int rtl;
	const char *family;
	PangoLanguage *language;
};

void page_size(int letter, double *w, double *h)
{
	*w = letter ? 612.0 : 595.28;
	*h = letter ? 792.0 : 841.89;
}

/* x of a block of width w placed at x in left-to-right terms, mirrored
 * for Arabic. */
static double mx(const struct pg *p, double x, double w)
{
	return p->rtl ? p->pw - x - w : x;
}

static void rgb(cairo_t *cr, unsigned hex)
{
	cairo_set_source_rgb(cr, (hex >> 16 & 255) / 255.0, (hex >> 8 & 255) / 255.0,
	                     (hex & 255) / 255.0);
}

/* Cuts the text of l to maxlines lines ending in "…". Done here, not by
 * Pango's ellipsizing, which keeps the whole text in the PDF (as the
 * ellipsis' ActualText): what is cut is really gone from the page. */
static void cut(PangoLayout *l, const char *s, int maxlines)
{
	PangoLayoutLine *ln = pango_layout_get_line_readonly(l, maxlines - 1);
	size_t n = (size_t)(ln->start_index + ln->length);
	char *t = malloc(n + 4);
	if (!t)
		return;
	for (;;) {
		/* back one character, and over spaces before the mark */
		do
			n--;
		while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80);
		while (n > 0 && s[n - 1] == ' ')
			n--;
		memcpy(t, s, n);
		memcpy(t + n, "…", 4);
		pango_layout_set_text(l, t, -1);
		if (n == 0 || pango_layout_get_line_count(l) <= maxlines)
			break;
	}
	free(t);
}

/* A layout of s at size points, wrapped at w, at most maxlines lines (0:
 * any), cut with "…". UI text takes the page's direction; USER text (what
 * the person wrote) its own; LTR text (dates, numbers) left to right. */
static PangoLayout *layout(struct pg *p, const char *s, double size, int flags, double w,
                           int maxlines)
{
	PangoLayout *l = pango_cairo_create_layout(p->cr);
	PangoContext *ctx = pango_layout_get_context(l);
	pango_context_set_language(ctx, p->language);
	pango_context_set_base_dir(ctx, (flags & LTR) || !p->rtl ? PANGO_DIRECTION_LTR
	                                                         : PANGO_DIRECTION_RTL);
	pango_layout_context_changed(l);
	pango_layout_set_auto_dir(l, (flags & USER) != 0);

	PangoFontDescription *fd = pango_font_description_from_string(p->family);
	pango_font_description_set_absolute_size(fd, size * PANGO_SCALE);
	if (flags & BOLD)
		pango_font_description_set_weight(fd, PANGO_WEIGHT_BOLD);
	pango_layout_set_font_description(l, fd);
	pango_font_description_free(fd);

	/* Noto Sans Arabic's own line height is about twice its size: set
	 * one for every script so the languages read alike */
	PangoAttrList *al = pango_attr_list_new();
	pango_attr_list_insert(al, pango_attr_line_height_new_absolute(
	                               (int)(size * (p->rtl ? 1.6 : 1.35) * PANGO_SCALE)));
	pango_layout_set_attributes(l, al);
	pango_attr_list_unref(al);
	pango_layout_set_width(l, (int)(w * PANGO_SCALE));
	pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
	int end = (flags & END) != 0;
	if (flags & CENTER)
		pango_layout_set_alignment(l, PANGO_ALIGN_CENTER);
	else if ((p->rtl && !(flags & LTR)) != end)
		pango_layout_set_alignment(l, PANGO_ALIGN_RIGHT);
	else
		pango_layout_set_alignment(l, PANGO_ALIGN_LEFT);
	pango_layout_set_text(l, s, -1);
	if (maxlines > 0 && pango_layout_get_line_count(l) > maxlines)
		cut(l, s, maxlines);
	return l;
}

/* Draws s in the box at (x, y) of width w (x in page terms: not
 * mirrored); returns its height in points. */
static double put(struct pg *p, double x, double y, double w, const char *s, double size, int flags,
                  int maxlines)
{
	PangoLayout *l = layout(p, s, size, flags, w, maxlines);
	int lw, lh;
	pango_layout_get_size(l, &lw, &lh);
	rgb(p->cr, flags & GRAY ? 0x595959 : 0x1a1a1a);
	cairo_move_to(p->cr, x, y);
	pango_cairo_show_layout(p->cr, l);
	g_object_unref(l);
	return (double)lh / PANGO_SCALE;
}

/* The height s would take. */
static double measure(struct pg *p, double w, const char *s, double size, int flags, int maxlines)
{
	PangoLayout *l = layout(p, s, size, flags, w, maxlines);
	int lw, lh;
	pango_layout_get_size(l, &lw, &lh);
	g_object_unref(l);
	return (double)lh / PANGO_SCALE;
}

static void fmt_day(int dayn, char *buf, size_t size)
{
	int y, m, d;
	diary_civil_from_days(dayn, &y, &m, &d);
	snprintf(buf, size, "%04d-%02d-%02d", y, m, d);
}

static void rule(struct pg *p, double y)
{
	rgb(p->cr, 0xbbbbbb);
	cairo_set_line_width(p->cr, 0.6);
	cairo_move_to(p->cr, MARGIN, y);
	cairo_line_to(p->cr, p->pw - MARGIN, y);
	cairo_stroke(p->cr);
}

/* --- header and figures ------------------------------------------------- */

static double header(struct pg *p, double y)
{
	const struct page_data *pd = p->pd;
	double w = p->pw - 2 * MARGIN;
	char a[16], b[16], *s;
	int len = pd->to - pd->from + 1;

	y += put(p, MARGIN, y, w, _("Back pain diary: a summary for a clinician"), 15, BOLD, 1);
	fmt_day(pd->from, a, sizeof a);
	fmt_day(pd->to, b, sizeof b);
	if (asprintf(&s, ngettext("Period: %s to %s (%d day)", "Period: %s to %s (%d days)", len),
	             a, b, len) >= 0) {
		y += 2 + put(p, MARGIN, y + 2, w, s, 10.5, BOLD, 1);
		free(s);
	}
	y += 2 + put(p, MARGIN, y + 2, w,
	             _("Written by the patient in backcare, a private pain diary. It records "
	               "what they noticed; it is not a diagnosis."),
	             8.5, GRAY, 2);
	rule(p, y + 5);
	return y + 10;
}

/* The latest weekly check-in and its change, as `backcare report` says
 * them. */
static double checkin_figures(struct pg *p, double x, double y, double w)
{
	const struct diary *d = p->pd->d;
	int last = -1, prev = -1;
	char day[16], *t;

	for (int i = 0; i < d->nck; i++)
		if (d->ck[i].dayn <= p->pd->to) {
			prev = last;
			last = i;
		}
	if (last < 0)
		return y;
	const struct checkin *c = &d->ck[last];
	fmt_day(c->dayn, day, sizeof day);
	if (asprintf(&t,
	             _("Weekly check-in (PEG): %.1f of 10 on %s (pain %d, enjoyment of life %d, "
	               "general activity %d)"),
	             checkin_score(c), day, c->pain, c->enjoyment, c->activity) >= 0) {
		y += put(p, x, y, w, t, 9.5, BOLD, 2);
		free(t);
	}
	if (prev >= 0) {
		double a = checkin_score(&d->ck[prev]), b = checkin_score(c);
		fmt_day(d->ck[prev].dayn, day, sizeof day);
		if (asprintf(&t, _("Change since the check-in of %s (%.1f): %+.1f points."), day, a,
		             b - a) >= 0) {
			y += put(p, x, y, w, t, 9.5, 0, 2);
			free(t);
		}
		y += put(p, x, y, w,
		         !checkin_change_noticeable(a, b)
		             ? _("That is less than a change people notice.")
		         : b < a ? _("Better, by a change people notice.")
		                 : _("Worse, by a change people notice."),
		         9.5, 0, 1);
	}
	return y;
}

/* The figures of `backcare report`, worded the same. */
static double figures(struct pg *p, double y)
{
	const struct diary_stats *s = &p->pd->s;
	double w = p->pw - 2 * MARGIN, cw = (w - GAP) * 0.5, rw = w - GAP - cw;
	double xl = mx(p, MARGIN, cw), xr = mx(p, MARGIN + cw + GAP, rw);
	double yl = y, yr = y;
	int len = p->pd->to - p->pd->from + 1;
	char *t;

	if (asprintf(&t, ngettext("Entries: %d", "Entries: %d", s->entries), s->entries) >= 0) {
		yl += put(p, xl, yl, cw, t, 9.5, BOLD, 1);
		free(t);
	}
	if (asprintf(&t, ngettext("Days with an entry: %d", "Days with an entry: %d", s->days),
	             s->days) >= 0) {
		yl += put(p, xl, yl, cw, t, 9.5, 0, 1);
		free(t);
	}
	if (!s->entries) {
		yl += put(p, xl, yl, cw, _("No entries in that period."), 9.5, 0, 2);
		return yl + 4;
	}
	if (asprintf(&t, _("Average pain: %.1f out of 10 (0 = none, 10 = worst imaginable)"),
	             s->avg) >= 0) {
		yl += put(p, xl, yl, cw, t, 9.5, BOLD, 2);
		free(t);
	}
	if (asprintf(&t, _("Worst pain: %d out of 10"), s->worst) >= 0) {
		yl += put(p, xl, yl, cw, t, 9.5, BOLD, 1);
		free(t);
	}

	if (!s->prev_entries) {
		if (asprintf(&t,
		             ngettext("No entries in the previous %d day to compare with.",
		                      "No entries in the previous %d days to compare with.", len),
		             len) >= 0) {
			yr += put(p, xr, yr, rw, t, 9.5, 0, 2);
			free(t);
		}
	} else {
		char period[128], ents[64];
		double diff = s->avg - s->prev_avg;
		double pct = s->prev_avg > 0 ? diff * 100 / s->prev_avg : 0;
		snprintf(period, sizeof period,
		         ngettext("The previous %d day", "The previous %d days", len), len);
		snprintf(ents, sizeof ents, ngettext("%d entry", "%d entries", s->prev_entries),
		         s->prev_entries);
		if (asprintf(&t, _("%s: average %.1f (%s); worst %d."), period, s->prev_avg, ents,
		             s->prev_worst) >= 0) {
			yr += put(p, xr, yr, rw, t, 9.5, 0, 2);
			free(t);
		}
		if (asprintf(&t, _("Change in the average: %+.1f points (%+.0f %%)."), diff, pct) >=
		    0) {
			yr += put(p, xr, yr, rw, t, 9.5, BOLD, 1);
			free(t);
		}
		const char *v = !diary_change_noticeable(s->prev_avg, s->avg)
		                    ? _("That is smaller than a change people usually notice.")
		                : diff < 0 ? _("Less pain, by a change people usually notice.")
		                           : _("More pain, by a change people usually notice.");
		yr += put(p, xr, yr, rw, v, 9.5, 0, 2);
		/* xgettext:no-c-format */
		yr += put(
		    p, xr, yr, rw,
		    _("(A change of 2 points or 30 % is one people notice: Farrar et al., 2001.)"),
		    7.5, GRAY, 2);
	}
	yr = checkin_figures(p, xr, yr + 2, rw);
	return (yl > yr ? yl : yr) + 4;
}

/* --- the chart ----------------------------------------------------------- */

struct bin {
	int a, b; /* days from..to */
	int n, worst;
	double sum;
};

/* Days, Monday weeks or calendar months, so that a bin is never thinner
 * than about 2.5 points. Returns the number of bins; *kind 0/1/2. */
static int make_bins(const struct page_data *pd, double width, struct bin **out, int *kind)
{
	int nd = pd->ndays;
	int cap = nd + 2, nb = 0;
	struct bin *v = calloc((size_t)cap, sizeof *v);
	if (!v)
		return 0;
	*kind = nd <= width / 2.5 ? 0 : nd / 7 <= width / 2.5 ? 1 : 2;
	for (int day = pd->from; day <= pd->to;) {
		int end = day;
		if (*kind == 1) {
			end = day + 6 - ((day % 7 + 7 + 3) % 7); /* to Sunday */
		} else if (*kind == 2) {
			int y, m, d;
			diary_civil_from_days(day, &y, &m, &d);
			end =
			    diary_days_from_civil(m == 12 ? y + 1 : y, m == 12 ? 1 : m + 1, 1) - 1;
		}
		if (end > pd->to)
			end = pd->to;
		struct bin *b = &v[nb++];
		b->a = day;
		b->b = end;
		b->worst = -1;
		for (int k = day; k <= end; k++) {
			const struct diary_day *dd = &pd->days[k - pd->from];
			b->n += dd->n;
			b->sum += dd->avg * dd->n;
			if (dd->worst > b->worst)
				b->worst = dd->worst;
		}
		day = end + 1;
	}
	*out = v;
	return nb;
}

static void diamond(cairo_t *cr, double cx, double cy)
{
	rgb(cr, 0x2e7d32);
	cairo_move_to(cr, cx, cy - 3.8);
	cairo_line_to(cr, cx + 3.8, cy);
	cairo_line_to(cr, cx, cy + 3.8);
	cairo_line_to(cr, cx - 3.8, cy);
	cairo_close_path(cr);
	cairo_fill(cr);
}

static int nck_in(const struct page_data *pd)
{
	int n = 0;
	for (int i = 0; i < pd->d->nck; i++)
		n += pd->d->ck[i].dayn >= pd->from && pd->d->ck[i].dayn <= pd->to;
	return n;
}

static double chart(struct pg *p, double y, double h)
{
	const struct page_data *pd = p->pd;
	cairo_t *cr = p->cr;
	double x0 = MARGIN, w = p->pw - 2 * MARGIN;
	static const char *const titles[] = {
	    N_("Pain each day (0 = none, 10 = worst imaginable)"),
	    N_("Pain each week (0 = none, 10 = worst imaginable)"),
	    N_("Pain each month (0 = none, 10 = worst imaginable)"),
	};
	double axis = 16, px = x0 + axis, pw = w - axis;
	struct bin *bins = NULL;
	int kind = 0, nb = make_bins(pd, pw, &bins, &kind);

	double tw = w * (nck_in(pd) ? 0.45 : 0.6);
	double th = put(p, mx(p, MARGIN, tw), y, tw, _(titles[kind]), 9.5, BOLD, 1);
	/* the legend at the end of the title line, each item a swatch then
	 * its word in reading order */
	const char *words[] = {_("worst of the day"), _("average of the day"), NULL};
	if (kind == 1) {
		words[0] = _("worst of the week");
		words[1] = _("average of the week");
	} else if (kind == 2) {
		words[0] = _("worst of the month");
		words[1] = _("average of the month");
	}
	int nck = nck_in(pd);
	int items = nck ? 3 : 2;
	double iw = (w * 0.4) / 2;
	if (nck) { /* the title gives room to the third item */
		words[2] = _("weekly check-in");
		iw = (w * 0.55) / 3;
	}
	for (int i = 0; i < items; i++) {
		double bx = mx(p, MARGIN + w - items * iw + i * iw, iw);
		double sx = p->rtl ? bx + iw - 12 : bx;
		if (i == 2) {
			diamond(cr, sx + 5, y + 7);
		} else if (i == 0) {
			rgb(cr, 0xf0a878);
			cairo_rectangle(cr, sx + 1, y + 3, 8, 8);
			cairo_fill(cr);
		} else {
			rgb(cr, 0x1f4e9c);
			cairo_set_line_width(cr, 1.6);
			cairo_move_to(cr, sx, y + 7);
			cairo_line_to(cr, sx + 10, y + 7);
			cairo_stroke(cr);
		}
		put(p, p->rtl ? bx : bx + 14, y, iw - 14, words[i], 8.5, 0, 1);
	}

	double top = y + th + 6, ph = h - th - 6 - 14, bottom = top + ph;
	/* grid and the 0..10 scale (numbers read the same in every language) */
	cairo_set_line_width(cr, 0.4);
	for (int v = 0; v <= 10; v += 2) {
		double gy = bottom - ph * v / 10;
		rgb(cr, v ? 0xdddddd : 0x888888);
		cairo_move_to(cr, px, gy);
		cairo_line_to(cr, px + pw, gy);
		cairo_stroke(cr);
		char n[4];
		snprintf(n, sizeof n, "%d", v);
		put(p, x0, gy - 5, axis - 3, n, 7, GRAY | LTR | END, 1);
	}
	double bw = pw / (nb ? nb : 1);
	/* worst: light bars; average: a dark line, broken where there is no
	 * entry */
	rgb(cr, 0xf0a878);
	for (int i = 0; i < nb; i++) {
		if (bins[i].worst < 0)
			continue;
		double bh = ph * bins[i].worst / 10, g = bw > 3 ? bw * 0.15 : 0;
		cairo_rectangle(cr, px + i * bw + g, bottom - bh, bw - 2 * g, bh > 0.8 ? bh : 0.8);
	}
	cairo_fill(cr);
	rgb(cr, 0x1f4e9c);
	cairo_set_line_width(cr, nb > 200 ? 1.0 : 1.4);
	int pen = 0;
	for (int i = 0; i < nb; i++) {
		if (!bins[i].n) {
			pen = 0;
			continue;
		}
		double cx = px + (i + 0.5) * bw, cy = bottom - ph * (bins[i].sum / bins[i].n) / 10;
		if (pen)
			cairo_line_to(cr, cx, cy);
		else
			cairo_move_to(cr, cx, cy);
		pen = 1;
	}
	cairo_stroke(cr);
	if (bw >= 4)
		for (int i = 0; i < nb; i++)
			if (bins[i].n) {
				double cx = px + (i + 0.5) * bw;
				double cy = bottom - ph * (bins[i].sum / bins[i].n) / 10;
				cairo_arc(cr, cx, cy, 1.7, 0, 6.2832);
				cairo_fill(cr);
			}
	/* weekly check-ins: green diamonds at their PEG score */
	for (int i = 0; i < pd->d->nck; i++) {
		int day = pd->d->ck[i].dayn;
		if (day < pd->from || day > pd->to)
			continue;
		double cx = px + pw * (day - pd->from + 0.5) / pd->ndays;
		double cy = bottom - ph * checkin_score(&pd->d->ck[i]) / 10;
		diamond(cr, cx, cy);
	}
	/* dates under the axis, never overlapping: for days and weeks about
	 * one every 62 points, evenly; for months each January (each
	 * quarter when the period is short), so the labels read as years */
	int nlab = (int)(pw / 62);
	if (nlab < 2)
		nlab = 2;
	if (nlab > nb)
		nlab = nb;
	int step = nb > 30 ? 12 : 3;
	double lastx = -1e9;
	for (int k = 0; k < (kind == 2 ? nb : nlab); k++) {
		int i = k;
		if (kind != 2) {
			i = nlab > 1 ? (int)((double)k * (nb - 1) / (nlab - 1) + 0.5) : 0;
		} else {
			int yy, mm, dd;
			diary_civil_from_days(bins[k].a, &yy, &mm, &dd);
			if ((mm - 1) % step)
				continue;
		}
		char d[16];
		fmt_day(bins[i].a, d, sizeof d);
		if (kind == 2)
			d[step == 12 ? 4 : 7] = '\0';
		double cx = px + (i + 0.5) * bw, lwid = 56;
		double lxx = cx - lwid / 2;
		if (lxx < px - 6)
			lxx = px - 6;
		if (lxx + lwid > px + pw + 6)
			lxx = px + pw + 6 - lwid;
		if (lxx < lastx + 4)
			continue;
		rgb(cr, 0x888888);
		cairo_set_line_width(cr, 0.6);
		cairo_move_to(cr, cx, bottom);
		cairo_line_to(cr, cx, bottom + 2.5);
		cairo_stroke(cr);
		put(p, lxx, bottom + 3, lwid, d, 7, GRAY | LTR | CENTER, 1);
		lastx = lxx + lwid;
	}
	free(bins);
	return y + h;
}

/* --- where it hurts: the back-view body map ------------------------------ */

/* Regions of a figure seen from behind in a 120 x 236 frame; never
 * mirrored: its left is the person's left, as in the app's form. */
static const struct {
	const char *id;
	double x, y, w, h;
} regions[] = {
    {"upper-back-left", 27, 30, 22, 28},  {"upper-back", 50, 30, 20, 28},
    {"upper-back-right", 71, 30, 22, 28}, {"mid-back-left", 27, 59, 22, 28},
    {"mid-back", 50, 59, 20, 28},         {"mid-back-right", 71, 59, 22, 28},
    {"lower-back-left", 27, 88, 22, 28},  {"lower-back", 50, 88, 20, 28},
    {"lower-back-right", 71, 88, 22, 28}, {"hip-left", 8, 117, 18, 28},
    {"buttock-left", 27, 117, 22, 28},    {"pelvis", 50, 117, 20, 28},
    {"buttock-right", 71, 117, 22, 28},   {"hip-right", 94, 117, 18, 28},
    {"thigh-left", 27, 146, 22, 42},      {"groin", 50, 146, 20, 22},
    {"thigh-right", 71, 146, 22, 42},     {"leg-left", 29, 189, 19, 46},
    {"leg-right", 72, 189, 19, 46},
};
#define NREGIONS ((int)(sizeof regions / sizeof *regions))

static void round_rect(cairo_t *cr, double x, double y, double w, double h, double r)
{
	cairo_new_sub_path(cr);
	cairo_arc(cr, x + w - r, y + r, r, -1.5708, 0);
	cairo_arc(cr, x + w - r, y + h - r, r, 0, 1.5708);
	cairo_arc(cr, x + r, y + h - r, r, 1.5708, 3.1416);
	cairo_arc(cr, x + r, y + r, r, 3.1416, 4.7124);
	cairo_close_path(cr);
}

/* A count centred on (cx, cy), never cut: smaller when it has 4 digits
 * or more; white on the dark shades. */
static void count_label(struct pg *p, double cx, double cy, const char *s, int white)
{
	double size = strlen(s) >= 4 ? 5.5 : strlen(s) == 3 ? 6.5 : 7.5;
	PangoLayout *l = layout(p, s, size, LTR | BOLD, 100, 1);
	pango_layout_set_width(l, -1);
	int lw, lh;
	pango_layout_get_size(l, &lw, &lh);
	if (white)
		cairo_set_source_rgb(p->cr, 1, 1, 1);
	else
		rgb(p->cr, 0x1a1a1a);
	cairo_move_to(p->cr, cx - (double)lw / PANGO_SCALE / 2, cy - (double)lh / PANGO_SCALE / 2);
	pango_cairo_show_layout(p->cr, l);
	g_object_unref(l);
}

/* Draws the map with its top-left at (x, y), scaled to height h; returns
 * its width. */
static double body_map(struct pg *p, double x, double y, double h)
{
	cairo_t *cr = p->cr;
	const int *counts = p->pd->s.where_count;
	double k = h / 250.0;
	int max = 0;
	for (int i = 0; i < diary_nplaces; i++)
		if (counts[i] > max)
			max = counts[i];

	/* left and right over the shoulders, the head between */
	put(p, x, y, 40 * k + 20, _("left"), 8, GRAY | LTR, 1);
	put(p, x + 120 * k - (40 * k + 20), y, 40 * k + 20, _("right"), 8, GRAY | LTR | END, 1);
	double fy = y + 14 * k;
	rgb(cr, 0xe8e8e8);
	cairo_new_path(cr);
	cairo_arc(cr, x + 60 * k, fy + 12 * k, 10 * k, 0, 6.2832);
	cairo_fill_preserve(cr);
	rgb(cr, 0x999999);
	cairo_set_line_width(cr, 0.6);
	cairo_stroke(cr);
	for (int r = 0; r < NREGIONS; r++) {
		int i = vocab_find(diary_places, diary_nplaces, regions[r].id);
		int n = i >= 0 ? counts[i] : 0;
		double t = max ? (double)n / max : 0;
		if (n && t < 0.18)
			t = 0.18;
		/* white to a deep orange-red, and the count written in it:
		 * the shade is never the only sign */
		double rr = 1 - t * (1 - 0.80), gg = 1 - t * (1 - 0.25), bb = 1 - t * (1 - 0.10);
		double rx = x + regions[r].x * k, ry = fy + regions[r].y * k;
		double rw = regions[r].w * k - 1, rh = regions[r].h * k - 1;
		round_rect(cr, rx, ry, rw, rh, 3 * k);
		cairo_set_source_rgb(cr, rr, gg, bb);
		cairo_fill_preserve(cr);
		rgb(cr, 0x999999);
		cairo_set_line_width(cr, 0.6);
		cairo_stroke(cr);
		if (n) {
			char s[16];
			snprintf(s, sizeof s, "%d", n);
			count_label(p, rx + rw / 2, ry + rh / 2, s, t > 0.55);
		}
	}
	return 120 * k;
}

/* "label ×n, ..." most frequent first, up to max; "" if none. */
static void top(const struct vocab *v, int n, const int *counts, char *buf, size_t size)
{
	int used[DIARY_VOCAB_MAX] = {0};
	size_t len = 0;
	buf[0] = '\0';
	for (;;) {
		int best = -1;
		for (int i = 0; i < n; i++)
			if (!used[i] && counts[i] > 0 && (best < 0 || counts[i] > counts[best]))
				best = i;
		if (best < 0 || len + 1 >= size)
			break;
		used[best] = 1;
		len += (size_t)snprintf(buf + len, size - len, "%s", len ? ", " : "");
		if (len < size)
			len += (size_t)snprintf(buf + len, size - len, _("%s ×%d"),
			                        _(v[best].label), counts[best]);
	}
}

/* Drops a character that snprintf cut in half at the end of s. */
static void utf8_trim(char *s)
{
	size_t n = strlen(s), k = n;
	while (k > 0 && ((unsigned char)s[k - 1] & 0xc0) == 0x80)
		k--;
	if (k == 0)
		return;
	unsigned char lead = (unsigned char)s[k - 1];
	size_t need = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
	if (n - (k - 1) < need)
		s[k - 1] = '\0';
}

static const char *verdict_label(int level)
{
	static const char *const labels[] = {
	    N_("self-care"),
	    N_("book an appointment"),
	    N_("see a doctor today"),
	    N_("emergency now"),
	};
	return level >= 0 && level < 4 ? _(labels[level]) : "";
}

/* A paragraph of the right-hand column; returns the new y. */
static double para(struct pg *p, double x, double y, double w, const char *fmt, const char *arg,
                   int maxlines)
{
	char *s;
	if (asprintf(&s, fmt, arg) < 0)
		return y;
	y += put(p, x, y, w, s, 9, 0, maxlines) + 4;
	free(s);
	return y;
}

static double details(struct pg *p, double y)
{
	const struct page_data *pd = p->pd;
	const struct diary_stats *s = &pd->s;
	double w = p->pw - 2 * MARGIN, mh = 205, mw = 120 * mh / 250;
	double colw = mw + 40;
	double tx = mx(p, MARGIN + colw + GAP, w - colw - GAP), tw = w - colw - GAP;
	char buf[2048];
	size_t len;

	double ty = y;
	ty += put(p, mx(p, MARGIN, colw), y, colw, _("Where it hurts (seen from behind)"), 9.5,
	          BOLD, 2);
	double bottom_map = ty + 4 + mh;
	body_map(p, mx(p, MARGIN, colw) + (colw - mw) / 2, ty + 4, mh);
	put(p, mx(p, MARGIN, colw), bottom_map + 2, colw,
	    _("darker: ticked more often; the number: how many times"), 7, GRAY, 2);
	bottom_map +=
	    2 + measure(p, colw, _("darker: ticked more often; the number: how many times"), 7,
	                GRAY, 2);

	double yy = y;
	static const struct {
		const char *head;
		const struct vocab *v;
		const int *n;
		int which;
	} parts[] = {
	    {N_("Where: %s"), diary_places, &diary_nplaces, 0},
	    {N_("Felt as: %s"), diary_feels, &diary_nfeels, 1},
	    {N_("Context: %s"), diary_contexts, &diary_ncontexts, 2},
	    {N_("What helped: %s"), diary_helped, &diary_nhelped, 3},
	};
	for (size_t i = 0; i < sizeof parts / sizeof *parts; i++) {
		const int *c = parts[i].which == 0   ? s->where_count
		               : parts[i].which == 1 ? s->feels_count
		               : parts[i].which == 2 ? s->context_count
		                                     : s->helped_count;
		top(parts[i].v, *parts[i].n, c, buf, sizeof buf);
		yy = para(p, tx, yy, tw, _(parts[i].head), *buf ? buf : _("not recorded"), 3);
		if (parts[i].which == 0) { /* each place's own pain (issue 13.5) */
			size_t pl = 0;
			buf[0] = '\0';
			for (int k = 0; k < diary_nplaces && pl < sizeof buf; k++)
				if (s->place_n[k]) {
					if (pl)
						pl += (size_t)snprintf(buf + pl, sizeof buf - pl,
						                       "%s", _(", "));
					if (pl < sizeof buf)
						pl += (size_t)snprintf(
						    buf + pl, sizeof buf - pl, _("%s: %.1f (n=%d)"),
						    _(diary_places[k].label), s->place_avg[k],
						    s->place_n[k]);
				}
			if (*buf)
				/* TRANSLATORS: in the PDF report; %s is a list like
				 * "Lower back (centre): 6.2 (n=9), Left hip: 3.0 (n=2)" */
				yy = para(p, tx, yy, tw,
				          _("Pain by place, where given its own number: %s"), buf,
				          3);
		}
	}
	/* what seems to help: pain with and without each context and each
	 * thing tried (checkin.h), worded as `backcare report` words it */
	struct comparison cmp[2 * DIARY_VOCAB_MAX];
	int nc = diary_compare(pd->d, pd->from, pd->to, cmp, 2 * DIARY_VOCAB_MAX);
	if (nc) {
		yy +=
		    put(p, tx, yy, tw,
		        _("What your diary shows (average pain of entries with it and without it; "
		          "this shows what went together, not what causes what):"),
		        8.5, BOLD, 2);
		/* the largest differences first, one a line: what a reader
		 * looks for; the rest would not fit */
		for (int i = 1; i < nc; i++)
			for (int j = i; j > 0; j--) {
				double a = cmp[j].with - cmp[j].without,
				       b = cmp[j - 1].with - cmp[j - 1].without;
				if ((a < 0 ? -a : a) <= (b < 0 ? -b : b))
					break;
				struct comparison tmp = cmp[j];
				cmp[j] = cmp[j - 1];
				cmp[j - 1] = tmp;
			}
		if (nc > 5)
			nc = 5;
		len = 0;
		buf[0] = '\0';
		for (int i = 0; i < nc && len + 1 < sizeof buf; i++) {
			char label[256];
			if (cmp[i].kind == COMPARE_CONTEXT)
				snprintf(label, sizeof label, "%s",
				         _(diary_contexts[cmp[i].index].label));
			else
				snprintf(label, sizeof label, _("Helped: %s"),
				         _(diary_helped[cmp[i].index].label));
			len += (size_t)snprintf(buf + len, sizeof buf - len, "%s", len ? "\n" : "");
			if (len < sizeof buf)
				len += (size_t)snprintf(
				    buf + len, sizeof buf - len,
				    _("%s: %.1f (n=%d) vs %.1f otherwise (n=%d)"), label,
				    cmp[i].with, cmp[i].n_with, cmp[i].without, cmp[i].n_without);
		}
		yy += put(p, tx, yy, tw, buf, 8.5, 0, 5) + 4;
	}

	/* medicines, as written, most often first */
	len = 0;
	buf[0] = '\0';
	for (int k = 0; k < pd->nmeds && len + 1 < sizeof buf; k++) {
		char m[256];
		snprintf(m, sizeof m, "%s", pd->meds[k].text);
		utf8_trim(m);
		for (char *c = m; *c; c++)
			if (*c == '\n' || *c == '\t' || *c == '\r')
				*c = ' ';
		/* each name isolated (U+2068..U+2069): the list takes the
		 * page's direction, a Latin name inside Arabic stays whole */
		char iso[270], item[400];
		snprintf(iso, sizeof iso, "\u2068%s\u2069", m);
		snprintf(item, sizeof item,
		         ngettext("  %s (%d time)", "  %s (%d times)", pd->meds[k].n), iso,
		         pd->meds[k].n);
		const char *it = item;
		while (*it == ' ')
			it++;
		len += (size_t)snprintf(buf + len, sizeof buf - len, "%s%s", len ? ", " : "", it);
	}
	if (!pd->nmeds) {
		yy += put(p, tx, yy, tw, _("Medication mentioned: none"), 9, 0, 1) + 4;
	} else {
		yy += put(p, tx, yy, tw, _("Medication mentioned:"), 9, BOLD, 1);
		yy += put(p, tx, yy, tw, buf, 9, 0, 3) + 4;
	}

	/* red-flag verdicts with their dates, latest first */
	int nv = 0, shownv = 0;
	for (int i = pd->d->n - 1; i >= 0; i--) {
		const struct diary_entry *e = &pd->d->v[i];
		if (e->dayn >= pd->from && e->dayn <= pd->to && e->verdict >= 0)
			nv++;
	}
	if (!nv) {
		yy += put(p, tx, yy, tw, _("Red-flag checklist verdicts recorded: none"), 9, 0, 1) +
		      4;
	} else {
		yy += put(p, tx, yy, tw, _("Red-flag checklist verdicts recorded:"), 9, BOLD, 1);
		len = 0;
		buf[0] = '\0';
		for (int i = pd->d->n - 1; i >= 0 && shownv < 8; i--) {
			const struct diary_entry *e = &pd->d->v[i];
			if (e->dayn < pd->from || e->dayn > pd->to || e->verdict < 0)
				continue;
			shownv++;
			/* U+2068/U+2069 keep each date whole inside an Arabic line */
			len += (size_t)snprintf(buf + len, sizeof buf - len,
			                        "%s\u2068%04d-%02d-%02d\u2069 %s", len ? "; " : "",
			                        e->y, e->m, e->d, verdict_label(e->verdict));
			if (len >= sizeof buf)
				break;
		}
		yy += put(p, tx, yy, tw, buf, 9, 0, 3) + 4;
	}
	return (yy > bottom_map ? yy : bottom_map) + 2;
}

/* --- notes: the latest that fit ------------------------------------------ */

static void notes(struct pg *p, double y)
{
	const struct page_data *pd = p->pd;
	double w = p->pw - 2 * MARGIN, limit = p->ph - MARGIN;
	int total = 0, shown = 0;

	for (int i = 0; i < pd->d->n; i++) {
		const struct diary_entry *e = &pd->d->v[i];
		total += e->dayn >= pd->from && e->dayn <= pd->to && e->note;
	}
	if (!total) {
		put(p, MARGIN, y, w, _("Notes: none"), 9, 0, 1);
		return;
	}
	y += put(p, MARGIN, y, w, _("Notes (latest first):"), 9.5, BOLD, 1) + 2;
	double more_h = 12;
	for (int i = pd->d->n - 1; i >= 0; i--) {
		const struct diary_entry *e = &pd->d->v[i];
		if (e->dayn < pd->from || e->dayn > pd->to || !e->note)
			continue;
		char *flat = strdup(e->note), *s;
		if (!flat)
			break;
		for (char *c = flat; *c; c++)
			if (*c == '\n' || *c == '\t' || *c == '\r')
				*c = ' ';
		/* the note isolated (U+2068..U+2069): in an Arabic line an
		 * English note keeps its full stop at its own end */
		char *iso;
		if (asprintf(&iso, "\u2068%s\u2069", flat) < 0) {
			free(flat);
			break;
		}
		free(flat);
		flat = iso;
		if (asprintf(&s, _("%04d-%02d-%02d %02d:%02d, pain %d: %s"), e->y, e->m, e->d,
		             e->hh, e->mm, e->pain, flat) < 0) {
			free(flat);
			break;
		}
		free(flat);
		/* two lines a note; one when two no longer fit */
		int last = shown + 1 == total, lines = 2;
		double room = limit - (last ? 0 : more_h) - y;
		double h = measure(p, w - 8, s, 8.5, USER, lines);
		if (h > room)
			h = measure(p, w - 8, s, 8.5, USER, lines = 1);
		if (h > room) {
			free(s);
			break;
		}
		y += put(p, mx(p, MARGIN + 8, w - 8), y, w - 8, s, 8.5, USER, lines) + 2.5;
		free(s);
		shown++;
	}
	if (shown < total) {
		char *s;
		if (asprintf(&s,
		             ngettext("  (%d more note not shown)", "  (%d more notes not shown)",
		                      total - shown),
		             total - shown) >= 0) {
			const char *t = s;
			while (*t == ' ')
				t++;
			put(p, MARGIN, y, w, t, 8, GRAY, 1);
			free(s);
		}
	}
}

void page_draw(cairo_t *cr, const struct page_data *pd)
{
	struct pg p = {.cr = cr, .pd = pd, .rtl = lang_table[pd->lang].rtl};
	page_size(pd->letter, &p.pw, &p.ph);
	switch (pd->lang) {
	case LANG_ZH:
		p.family = "Noto Sans CJK SC, Noto Sans";
		p.language = pango_language_from_string("zh-cn");
		break;
	case LANG_AR:
		p.family = "Noto Sans Arabic, Noto Sans";
		p.language = pango_language_from_string("ar");
		break;
	default:
		p.family = "Noto Sans";
		p.language = pango_language_from_string("en");
	}
	rgb(cr, 0xffffff);
	cairo_paint(cr);

	double y = header(&p, MARGIN);
	y = figures(&p, y);
	rule(&p, y);
	y += 8;
	if (pd->s.entries) {
		y = chart(&p, y, pd->letter ? 150 : 170) + 8;
		rule(&p, y);
		y += 8;
	}
	y = details(&p, y);
	rule(&p, y);
	notes(&p, y + 8);
}
