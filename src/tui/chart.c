/* chart.c — pain over the last 30, 90 or 365 days as bars in the terminal
 * (one column per day, or per week when the days do not fit), and the
 * stats screen: averages, worst, days logged, the trend, what was common
 * and what helped. Both follow the injected clock (t->now). */
#include "tui.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checkin.h"
#include "diary.h"

static const int periods[] = {30, 90, 365};
#define NPERIODS ((int)(sizeof periods / sizeof *periods))
#define YLAB 3 /* cells of the scale labels ("10") and a gap */

static struct screen *chart_open(struct tui *t, int period);
static struct screen *stats_open(struct tui *t, int period);

static void date_text(int dayn, char *buf, size_t size)
{
	int y, m, d;
	diary_civil_from_days(dayn, &y, &m, &d);
	snprintf(buf, size, "%04d-%02d-%02d", y, m, d);
}

/* "2026-11-22", or "2026-11-16 – 2026-11-22" for several days. */
static void range_text(int from, int to, char *buf, size_t size)
{
	char a[16], b[16];
	date_text(from, a, sizeof a);
	date_text(to, b, sizeof b);
	if (from == to)
		snprintf(buf, size, "%s", b);
	else
		snprintf(buf, size, "%s – %s", a, b);
}

/* --- the chart ------------------------------------------------------------ */
struct bucket {
	int from, to; /* day numbers, inclusive */
	int n, worst;
	double avg;
};

struct chart {
	struct screen s;
	int period; /* index into periods */
	int cur;    /* cursor bucket; -1: the newest */
	/* the layout of the last draw, which the keys act on */
	struct bucket *b;
	int nb, bdays, cw;
};

/* Days per column: 1 if every day fits, else whole weeks. */
static int bucket_days(int ndays, int width)
{
	if (ndays <= width)
		return 1;
	int weeks = (ndays + 6) / 7;
	return 7 * ((weeks + width - 1) / width);
}

/* Groups the period's days into buckets ending today (the first one may
 * be shorter). Returns the number of buckets, or -1. */
static int chart_buckets(struct chart *c, const struct diary *d, int today, int ndays, int width)
{
	struct diary_day *days = calloc((size_t)ndays, sizeof *days);
	int first = today - ndays + 1;

	if (!days)
		return -1;
	diary_days(d, today, ndays, days);
	c->bdays = bucket_days(ndays, width > 0 ? width : 1);
	c->nb = (ndays + c->bdays - 1) / c->bdays;
	free(c->b);
	c->b = calloc((size_t)c->nb, sizeof *c->b);
	if (!c->b) {
		free(days);
		return -1;
	}
	for (int k = 0; k < c->nb; k++) {
		struct bucket *b = &c->b[k];
		double sum = 0;
		b->to = today - (c->nb - 1 - k) * c->bdays;
		b->from = b->to - c->bdays + 1 < first ? first : b->to - c->bdays + 1;
		b->worst = -1;
		for (int dn = b->from; dn <= b->to; dn++) {
			const struct diary_day *dd = &days[dn - first];
			if (!dd->n)
				continue;
			b->n += dd->n;
			sum += dd->avg * dd->n;
			if (dd->worst > b->worst)
				b->worst = dd->worst;
		}
		b->avg = b->n ? sum / b->n : 0;
	}
	free(days);
	return c->nb;
}

/* Box drawing where it takes one cell, else ASCII. */
static const char *glyph(const char *uni, const char *ascii)
{
	return text_width(uni) == 1 ? uni : ascii;
}

/* Logical x of bucket k's first cell (the newest bucket is rightmost in
 * LTR, leftmost in RTL: the chart mirrors like every panel). */
static int col_x(const struct chart *c, int k)
{
	return 1 + YLAB + 1 + k * c->cw;
}

static int bar_w(const struct chart *c)
{
	return c->cw > 1 ? c->cw - 1 : 1;
}

/* Rows for the 0..10 scale: 20, 10, 5, 2 or 1, the most that fit, so
 * every row stands for a round step of pain. */
static int plot_rows(int avail)
{
	static const int steps[] = {20, 10, 5, 2};
	for (int i = 0; i < 4; i++)
		if (avail >= steps[i])
			return steps[i];
	return 1;
}

static void draw_scale(struct tui *t, int y0, int h)
{
	char s[8];
	const char *axis = glyph("│", "|");

	for (int r = 0; r < h; r++) {
		int num = (h - r) * 10, lvl = num / h;
		/* label the rows that stand exactly for an even level (10 always) */
		if (r == 0 || (num % h == 0 && (lvl % 2 == 0 || h < 5))) {
			snprintf(s, sizeof s, "%2d", lvl);
			draw_text(y0 + r, tui_mx(t, 1, 2), 2, s, TEXT_LTR, tui_attr(ROLE_DIM));
		}
		draw_text(y0 + r, tui_mx(t, 1 + YLAB, 1), 1, axis, TEXT_LTR, tui_attr(ROLE_DIM));
	}
	draw_text(y0 + h, tui_mx(t, 1, 2), 2, " 0", TEXT_LTR, tui_attr(ROLE_DIM));
	draw_text(y0 + h, tui_mx(t, 1 + YLAB, 1), 1, t->rtl ? glyph("┘", "+") : glyph("└", "+"),
	          TEXT_LTR, tui_attr(ROLE_DIM));
}

/* One column: the bar of the bucket's average (at least one cell when the
 * pain was above 0) and its foot on the axis: ┴ for a logged bucket, ^
 * under the cursor. */
static void draw_column(struct tui *t, const struct chart *c, int k, int y0, int h)
{
	const struct bucket *b = &c->b[k];
	int cells = b->n ? (int)(b->avg * h / 10 + 0.5) : 0, bw = bar_w(c);
	int x = tui_mx(t, col_x(c, k), bw), cur = k == c->cur;
	const char *full = glyph("█", "#");
	char s[64] = "";

	if (b->n && b->avg > 0 && cells < 1)
		cells = 1;
	for (int i = 0; i < bw; i++)
		strcat(s, full);
	for (int r = h - cells; r < h; r++)
		draw_text(y0 + r, x, bw, s, TEXT_LTR,
		          cur ? tui_attr(ROLE_SOON) | A_BOLD : A_NORMAL);
	const char *foot = cur ? "^" : b->n ? glyph("┴", "+") : glyph("─", "-");
	s[0] = '\0';
	for (int i = 0; i < c->cw; i++)
		strcat(s, i < bw ? foot : glyph("─", "-"));
	draw_text(y0 + h, tui_mx(t, col_x(c, k), c->cw), c->cw, s, TEXT_LTR,
	          cur ? A_BOLD : tui_attr(ROLE_DIM));
}

/* Dates under the axis, counted from the newest so today is always there.
 * A label sits exactly under its own column: with two or more cells a
 * column, the day of the month ("23") in the column's cells, and the
 * month ("2026-11") on the row below where it begins; with one cell a
 * column, "MM-DD" starting at its column. (A five-cell "MM-DD" ending at
 * its column put the days before it under another day's label.) */
static void draw_dates(struct tui *t, const struct chart *c, int y)
{
	int step = (7 + c->cw - 1) / c->cw, y_, m, d, lw = c->cw >= 2 ? 2 : 5;
	char s[32];

	if (c->cw >= 2 && step * c->cw < 4)
		step = (4 + c->cw - 1) / c->cw;
	for (int k = c->nb - 1; k >= 0; k -= step) {
		int lx = col_x(c, k);
		if (lx + lw > t->cols - 1)
			continue;
		diary_civil_from_days(c->b[k].to, &y_, &m, &d);
		if (lw == 2)
			snprintf(s, sizeof s, "%02d", d);
		else
			snprintf(s, sizeof s, "%02d-%02d", m, d);
		draw_text(y, tui_mx(t, lx, lw), lw, s, TEXT_LTR, tui_attr(ROLE_DIM));
	}
	if (lw != 2)
		return;
	/* the months, each from its first column */
	int last_end = -1;
	for (int k = 0; k < c->nb; k++) {
		int pm = 0;
		diary_civil_from_days(c->b[k].to, &y_, &m, &d);
		if (k > 0) {
			int py, pd;
			diary_civil_from_days(c->b[k - 1].to, &py, &pm, &pd);
		}
		if (k > 0 && pm == m)
			continue;
		int lx = col_x(c, k);
		snprintf(s, sizeof s, "%04d-%02d", y_, m);
		/* the first month gives way when the next one starts close by */
		if (k == 0) {
			int next = -1;
			for (int j = 1; j < c->nb && next < 0; j++) {
				int ny, nm, nd;
				diary_civil_from_days(c->b[j].to, &ny, &nm, &nd);
				if (nm != m)
					next = j;
			}
			if (next >= 0 && col_x(c, next) - lx < 8)
				continue;
		}
		if (lx <= last_end || lx + 7 > t->cols - 1)
			continue;
		draw_text(y + 1, tui_mx(t, lx, 7), 7, s, TEXT_LTR, tui_attr(ROLE_DIM));
		last_end = lx + 7;
	}
}

/* The weekly check-ins of the period as marks on the plot, at their day's
 * column and the height of their score (0–10 like the pain). */
static void draw_checkins(struct tui *t, const struct chart *c, const struct diary *d, int y0,
                          int h)
{
	const char *mark = glyph("◆", "o");
	for (int i = 0; i < d->nck; i++) {
		const struct checkin *ck = &d->ck[i];
		for (int k = 0; k < c->nb; k++) {
			if (ck->dayn < c->b[k].from || ck->dayn > c->b[k].to)
				continue;
			int r = h - (int)(checkin_score(ck) * h / 10 + 0.5);
			if (r > h - 1)
				r = h - 1;
			if (r < 0)
				r = 0;
			/* beside the bar when there is room, so it hides nothing */
			int x = c->cw >= 2 ? col_x(c, k) + bar_w(c) : col_x(c, k);
			draw_text(y0 + r, tui_mx(t, x, 1), 1, mark, TEXT_LTR,
			          tui_attr(ROLE_HEADING) | A_BOLD);
		}
	}
}

/* The latest check-in and the change since the one before, in words. */
static void checkin_line(const struct diary *d, char *buf, size_t size)
{
	buf[0] = '\0';
	if (!d->nck)
		return;
	const struct checkin *c = &d->ck[d->nck - 1];
	char when[32], change[160] = "";
	checkin_day_text(c->dayn, when, sizeof when);
	if (d->nck > 1) {
		double a = checkin_score(&d->ck[d->nck - 2]), b = checkin_score(c);
		snprintf(change, sizeof change,
		         checkin_change_noticeable(a, b)
		             ? _("%+.1f since the one before: a change people notice")
		             : _("%+.1f since the one before: less than a change people notice"),
		         b - a);
	}
	/* TRANSLATORS: "◆ Weekly check-in 2026-11-22: 5.0 (-1.3 since the
	 * one before: a change people notice)" */
	if (change[0])
		snprintf(buf, size, _("%s Weekly check-in %s: %.1f (%s)"), glyph("◆", "o"), when,
		         checkin_score(c), change);
	else
		snprintf(buf, size, _("%s Weekly check-in %s: %.1f"), glyph("◆", "o"), when,
		         checkin_score(c));
}

static void chart_caption(const struct chart *c, int ndays, char *buf, size_t size)
{
	char per[128], bars[128];

	snprintf(per, sizeof per,
	         ngettext("Pain over the last %d day", "Pain over the last %d days", ndays), ndays);
	if (c->bdays == 1)
		snprintf(bars, sizeof bars, "%s", _("one bar a day, its average"));
	else if (c->bdays == 7)
		snprintf(bars, sizeof bars, "%s", _("one bar a week, its average"));
	else
		snprintf(bars, sizeof bars,
		         ngettext("one bar per %d day, its average",
		                  "one bar per %d days, its average", c->bdays),
		         c->bdays);
	/* TRANSLATORS: the chart's caption: "Pain over the last 30 days" and
	 * "one bar a day, its average" */
	snprintf(buf, size, _("%s — %s"), per, bars);
}

/* Under the chart: the bucket under the cursor, then the whole period. */
static void chart_summary(struct tui *t, const struct chart *c, const struct diary *d, int y,
                          int today, int ndays)
{
	const struct bucket *b = &c->b[c->cur];
	struct diary_stats st;
	char range[64], buf[256], days[64];

	range_text(b->from, b->to, range, sizeof range);
	if (b->n)
		snprintf(buf, sizeof buf,
		         ngettext("%s: average %.1f, worst %d, %d entry (Enter shows it)",
		                  "%s: average %.1f, worst %d, %d entries (Enter shows them)",
		                  b->n),
		         range, b->avg, b->worst, b->n);
	else
		snprintf(buf, sizeof buf, _("%s: nothing logged"), range);
	draw_text(y, 1, t->cols - 2, buf, t->dir, A_BOLD);

	diary_stats(d, today - ndays + 1, today, &st);
	if (st.entries) {
		snprintf(days, sizeof days, ngettext("%d day logged", "%d days logged", st.days),
		         st.days);
		snprintf(buf, sizeof buf, _("Average %.1f · Worst %d · %s"), st.avg, st.worst,
		         days);
	} else {
		snprintf(buf, sizeof buf,
		         ngettext("Nothing logged in the last %d day.",
		                  "Nothing logged in the last %d days.", ndays),
		         ndays);
	}
	draw_text(y + 1, 1, t->cols - 2, buf, t->dir, A_NORMAL);
}

static const char *chart_title(struct tui *t, struct screen *s)
{
	(void)t, (void)s;
	return _("Pain chart");
}

static void chart_draw(struct tui *t, struct screen *s)
{
	struct chart *c = (struct chart *)s;
	struct diary *d = tui_diary_sync(t);
	int ndays = periods[c->period], today = diary_today((time_t)t->now);
	int plotw = t->cols - (1 + YLAB + 1) - 1, y0 = t->body_y + 1;
	/* rows: caption, plot, axis, dates, months, cursor line, period line,
	 * two for the check-in, message */
	int h = t->body_h - 9;
	char buf[256];

	if (!d || chart_buckets(c, d, today, ndays, plotw) < 0)
		return;
	h = plot_rows(h);
	c->cw = plotw / c->nb > 3 ? 3 : plotw / c->nb < 1 ? 1 : plotw / c->nb;
	if (c->cur < 0 || c->cur >= c->nb)
		c->cur = c->nb - 1;
	chart_caption(c, ndays, buf, sizeof buf);
	draw_text(t->body_y, 1, t->cols - 2, buf, t->dir, tui_attr(ROLE_HEADING));
	draw_scale(t, y0, h);
	for (int k = 0; k < c->nb; k++)
		draw_column(t, c, k, y0, h);
	draw_checkins(t, c, d, y0, h);
	draw_dates(t, c, y0 + h + 1);
	chart_summary(t, c, d, y0 + h + 3, today, ndays);
	checkin_line(d, buf, sizeof buf);
	if (buf[0])
		draw_par(y0 + h + 5, 1, t->cols - 2, 2, buf, t->dir, tui_attr(ROLE_HEADING));
}

/* The entries behind the bucket under the cursor, newest first. */
static void chart_open_bucket(struct tui *t, struct chart *c)
{
	struct diary *d = tui_diary_sync(t);
	const struct bucket *b;
	char range[64];
	int *idx, n = 0;

	if (!d || !c->b || c->cur < 0 || c->cur >= c->nb)
		return;
	b = &c->b[c->cur];
	idx = malloc(((size_t)d->n + 1) * sizeof *idx);
	if (!idx)
		return;
	for (int i = d->n - 1; i >= 0; i--)
		if (d->v[i].dayn >= b->from && d->v[i].dayn <= b->to)
			idx[n++] = i;
	range_text(b->from, b->to, range, sizeof range);
	if (n)
		tui_push(t, tui_diary_view_new(t, range, idx, n));
	else
		tui_message(t, ROLE_NORMAL, _("%s: nothing logged"), range);
	free(idx);
}

/* One column newer (d 1) or older (-1), stopping at the ends. */
static void chart_move(struct chart *c, int d)
{
	if (c->cur + d >= 0 && c->cur + d < c->nb)
		c->cur += d;
}

static int chart_key(struct tui *t, struct screen *s, enum action a, wint_t ch, int kc)
{
	struct chart *c = (struct chart *)s;
	/* arrows follow the screen: in RTL the newest column is on the left */
	int step = t->rtl ? -1 : 1;
	(void)ch, (void)kc;

	switch (a) {
	case ACT_LEFT:
		chart_move(c, -step);
		return 1;
	case ACT_RIGHT:
		chart_move(c, step);
		return 1;
	case ACT_TOP:
		c->cur = 0;
		return 1;
	case ACT_BOTTOM:
		c->cur = c->nb - 1;
		return 1;
	case ACT_PERIOD:
		c->period = (c->period + 1) % NPERIODS;
		c->cur = -1;
		tui_message(t, ROLE_NORMAL,
		            ngettext("The last %d day", "The last %d days", periods[c->period]),
		            periods[c->period]);
		return 1;
	case ACT_OPEN:
		chart_open_bucket(t, c);
		return 1;
	case ACT_STATS: {
		int p = c->period;
		struct screen *st = stats_open(t, p);
		if (st) {
			tui_pop(t); /* stats take the chart's place */
			tui_push(t, st);
		}
		return 1;
	}
	case ACT_ADD:
		tui_push(t, form_new(t, NULL));
		return 1;
	default:
		return 0;
	}
}

static void chart_destroy(struct screen *s)
{
	struct chart *c = (struct chart *)s;
	free(c->b);
	free(c);
}

static const enum action chart_bar[] = {ACT_LEFT,  ACT_RIGHT, ACT_OPEN, ACT_PERIOD,
                                        ACT_STATS, ACT_BACK,  ACT_NONE};

static const struct screen_ops chart_ops = {
    .title = chart_title,
    .draw = chart_draw,
    .key = chart_key,
    .destroy = chart_destroy,
    .bar = chart_bar,
};

static struct screen *chart_open(struct tui *t, int period)
{
	struct chart *c;

	if (!tui_diary(t))
		return NULL;
	c = calloc(1, sizeof *c);
	if (!c)
		return NULL;
	c->s.ops = &chart_ops;
	c->period = period;
	c->cur = -1;
	return &c->s;
}

struct screen *chart_new(struct tui *t)
{
	return chart_open(t, 0);
}

/* --- stats ------------------------------------------------------------------ */
struct stats {
	struct screen s;
	struct textview tv;
	int period;
};

/* "After sex (5), On waking (3)": the three most frequent, most first. */
static void top_counts(const struct vocab *v, int n, const int *count, char *buf, size_t size)
{
	int used[DIARY_VOCAB_MAX] = {0};
	size_t len = 0;

	buf[0] = '\0';
	for (int k = 0; k < 3; k++) {
		int best = -1;
		for (int i = 0; i < n && i < DIARY_VOCAB_MAX; i++)
			if (!used[i] && count[i] > 0 && (best < 0 || count[i] > count[best]))
				best = i;
		if (best < 0)
			break;
		used[best] = 1;
		int w = snprintf(buf + len, size - len, "%s%s (%d)", len ? _(", ") : "",
		                 _(v[best].label), count[best]);
		if (w < 0 || (size_t)w >= size - len)
			break;
		len += (size_t)w;
	}
}

static void stats_line(struct stats *s, enum text_dir d, const char *fmt, const char *value)
{
	char buf[1024];
	snprintf(buf, sizeof buf, fmt, value);
	tv_add(&s->tv, ROLE_NORMAL, 2, 2, -1, d, buf);
}

/* The trend against the period before, in words people use. */
static void stats_trend(struct stats *s, enum text_dir d, const struct diary_stats *st, int ndays)
{
	char buf[512], per[128];

	snprintf(per, sizeof per, ngettext("the %d day before", "the %d days before", ndays),
	         ndays);
	tv_add(&s->tv, ROLE_HEADING, 0, 0, -1, d, _("Trend"));
	if (!st->prev_entries)
		snprintf(buf, sizeof buf, _("Nothing was logged in %s to compare with."), per);
	/* TRANSLATORS: %s is "the 30 days before"; 2 points or 30 % is a
	 * change people notice (Farrar et al. 2001) */
	else if (!diary_change_noticeable(st->prev_avg, st->avg))
		snprintf(buf, sizeof buf,
		         _("About the same as %s (average %.1f then): not a change people usually "
		           "notice."),
		         per, st->prev_avg);
	else if (st->avg < st->prev_avg)
		snprintf(buf, sizeof buf,
		         _("Lower than %s (average %.1f then): a change people notice."), per,
		         st->prev_avg);
	else
		snprintf(buf, sizeof buf,
		         _("Higher than %s (average %.1f then): a change people notice."), per,
		         st->prev_avg);
	tv_add(&s->tv, ROLE_NORMAL, 2, 2, -1, d, buf);
}

/* The weekly check-in: the latest, the change since the one before, and
 * what change people notice (with where that comes from). */
static void stats_checkins(struct stats *s, enum text_dir d, const struct diary *dy, int from,
                           int to)
{
	struct checkin_trend tr;
	char buf[512], day[32];

	tv_add(&s->tv, ROLE_NORMAL, 0, 0, -1, d, "");
	tv_add(&s->tv, ROLE_HEADING, 0, 0, -1, d, _("Weekly check-in"));
	checkin_trend(dy, from, to, &tr);
	if (tr.last < 0) {
		tv_add(&s->tv, ROLE_NORMAL, 2, 2, -1, d,
		       _("No check-in yet. Press w in the diary: three questions about the past "
		         "week."));
		return;
	}
	const struct checkin *c = &dy->ck[tr.last];
	double b = checkin_score(c);
	snprintf(buf, sizeof buf,
	         _("%04d-%02d-%02d: score %.1f of 10 (pain %d, enjoyment of life %d, general "
	           "activity %d)"),
	         c->y, c->m, c->d, b, c->pain, c->enjoyment, c->activity);
	tv_add(&s->tv, ROLE_NORMAL, 2, 2, -1, d, buf);
	if (tr.prev < 0)
		return;
	const struct checkin *p = &dy->ck[tr.prev];
	double a = checkin_score(p);
	snprintf(
	    buf, sizeof buf,
	    checkin_change_noticeable(a, b)
	        ? (b < a
	               ? _("%+.1f since %04d-%02d-%02d (%.1f): better, by a change people notice.")
	               : _("%+.1f since %04d-%02d-%02d (%.1f): worse, by a change people notice."))
	        : _("%+.1f since %04d-%02d-%02d (%.1f): less than a change people notice."),
	    b - a, p->y, p->m, p->d, a);
	tv_add(&s->tv, ROLE_NORMAL, 2, 2, -1, d, buf);
	/* a slow change hides week to week: the period as a whole too */
	if (tr.first >= 0) {
		const struct checkin *f = &dy->ck[tr.first];
		double x = checkin_score(f);
		checkin_day_text(f->dayn, day, sizeof day);
		snprintf(buf, sizeof buf, _("Over the period: %+.1f since %s (%.1f)."), b - x, day,
		         x);
		size_t len = strlen(buf);
		snprintf(buf + len, sizeof buf - len, " %s",
		         !checkin_change_noticeable(x, b)
		             ? _("That is less than a change people notice.")
		         : b < x ? _("Better, by a change people notice.")
		                 : _("Worse, by a change people notice."));
		tv_add(&s->tv, ROLE_NORMAL, 2, 2, -1, d, buf);
	}
	tv_add(&s->tv, ROLE_DIM, 2, 2, -1, d,
	       _("About one point is a change people notice (Reed et al. 2023, J Pain). The score "
	         "is the mean of the three answers, as in the PEG scale (Krebs et al. 2009)."));
}

/* What seems to help: average pain with and without each context and
 * "helped" choice that has enough entries on both sides; nothing when
 * there are too few. */
static void stats_compare(struct stats *s, enum text_dir d, const struct diary *dy, int from,
                          int to)
{
	struct comparison c[2 * DIARY_VOCAB_MAX];
	char buf[512], label[256];
	int n = diary_compare(dy, from, to, c, 2 * DIARY_VOCAB_MAX);

	if (!n)
		return;
	tv_add(&s->tv, ROLE_NORMAL, 0, 0, -1, d, "");
	tv_add(&s->tv, ROLE_HEADING, 0, 0, -1, d, _("What your diary shows"));
	/* what the numbers are, before them */
	tv_add(&s->tv, ROLE_DIM, 2, 2, -1, d,
	       _("Average pain of the entries with it and of the others. This shows what went "
	         "together in your diary, not what causes what."));
	int helped = 0;
	for (int i = 0; i < n; i++) {
		helped |= c[i].kind == COMPARE_HELPED;
		if (c[i].kind == COMPARE_CONTEXT)
			snprintf(label, sizeof label, "%s", _(diary_contexts[c[i].index].label));
		else
			snprintf(label, sizeof label, _("Helped: %s"),
			         _(diary_helped[c[i].index].label));
		snprintf(buf, sizeof buf, _("%s: %.1f (n=%d) vs %.1f otherwise (n=%d)"), label,
		         c[i].with, c[i].n_with, c[i].without, c[i].n_without);
		tv_add(&s->tv, ROLE_NORMAL, 2, 2, -1, d, buf);
	}
	if (helped)
		tv_add(
		    &s->tv, ROLE_DIM, 2, 2, -1, d,
		    _("(What helped is usually noted on worse days, so a higher average there is "
		      "expected.)"));
}

/* Each place's own pain on average, where entries gave one (issue 13.5). */
static void stats_place_pain(struct stats *s, enum text_dir d, const struct diary_stats *st)
{
	char buf[512];
	int any = 0;

	for (int i = 0; i < diary_nplaces; i++)
		any |= st->place_n[i] > 0;
	if (!any)
		return;
	tv_add(&s->tv, ROLE_NORMAL, 2, 2, -1, d,
	       _("Pain by place (entries that gave a place its own number):"));
	for (int i = 0; i < diary_nplaces; i++)
		if (st->place_n[i]) {
			/* TRANSLATORS: a place, its average pain, how many entries */
			snprintf(buf, sizeof buf, _("%s: %.1f (n=%d)"), _(diary_places[i].label),
			         st->place_avg[i], st->place_n[i]);
			tv_add(&s->tv, ROLE_NORMAL, 4, 4, -1, d, buf);
		}
}

static void stats_build(struct tui *t, struct stats *s, const struct diary *dy)
{
	int ndays = periods[s->period], today = diary_today((time_t)t->now);
	enum text_dir d = t->dir;
	struct diary_stats st;
	char buf[512], range[64], list[512];

	diary_stats(dy, today - ndays + 1, today, &st);
	tv_free(&s->tv);
	range_text(today - ndays + 1, today, range, sizeof range);
	snprintf(buf, sizeof buf, ngettext("The last %d day: %s", "The last %d days: %s", ndays),
	         ndays, range);
	tv_add(&s->tv, ROLE_HEADING, 0, 0, -1, d, buf);
	if (!st.entries) {
		tv_add(&s->tv, ROLE_NORMAL, 2, 2, -1, d,
		       _("Nothing logged in this period. Press a to add an entry, p for another "
		         "period."));
		return;
	}
	snprintf(buf, sizeof buf, _("Average pain: %.1f of 10"), st.avg);
	tv_add(&s->tv, ROLE_NORMAL, 2, 2, -1, d, buf);
	snprintf(buf, sizeof buf, _("Worst pain: %d of 10"), st.worst);
	tv_add(&s->tv, ROLE_NORMAL, 2, 2, -1, d, buf);
	snprintf(list, sizeof list, ngettext("%d day", "%d days", ndays), ndays);
	snprintf(buf, sizeof buf,
	         ngettext("Days logged: %d of %s", "Days logged: %d of %s", st.days), st.days,
	         list);
	tv_add(&s->tv, ROLE_NORMAL, 2, 2, -1, d, buf);
	snprintf(buf, sizeof buf, ngettext("%d entry", "%d entries", st.entries), st.entries);
	tv_add(&s->tv, ROLE_NORMAL, 2, 2, -1, d, buf);
	tv_add(&s->tv, ROLE_NORMAL, 0, 0, -1, d, "");
	stats_trend(s, d, &st, ndays);
	tv_add(&s->tv, ROLE_NORMAL, 0, 0, -1, d, "");
	tv_add(&s->tv, ROLE_HEADING, 0, 0, -1, d, _("Most often"));
	top_counts(diary_contexts, diary_ncontexts, st.context_count, list, sizeof list);
	stats_line(s, d, _("Context: %s"), list[0] ? list : _("none noted"));
	top_counts(diary_helped, diary_nhelped, st.helped_count, list, sizeof list);
	stats_line(s, d, _("What helped: %s"), list[0] ? list : _("none noted"));
	top_counts(diary_places, diary_nplaces, st.where_count, list, sizeof list);
	stats_line(s, d, _("Where: %s"), list[0] ? list : _("none noted"));
	stats_place_pain(s, d, &st);
	top_counts(diary_feels, diary_nfeels, st.feels_count, list, sizeof list);
	stats_line(s, d, _("Feels: %s"), list[0] ? list : _("none noted"));
	stats_checkins(s, d, dy, today - ndays + 1, today);
	stats_compare(s, d, dy, today - ndays + 1, today);
}

static const char *stats_title(struct tui *t, struct screen *s)
{
	(void)t, (void)s;
	return _("Diary stats");
}

/* Rebuilt on every draw (cheap next to a key press): a reload by another
 * writer or midnight passing shows at once; the scroll stays. */
static void stats_draw(struct tui *t, struct screen *s)
{
	struct stats *st = (struct stats *)s;
	struct diary *d = tui_diary_sync(t);
	int top = st->tv.top;

	if (!d)
		return;
	stats_build(t, st, d);
	st->tv.top = top;
	tv_draw(t, &st->tv, t->body_y, 1, t->body_h - 1, t->cols - 2);
}

static int stats_key(struct tui *t, struct screen *s, enum action a, wint_t ch, int kc)
{
	struct stats *st = (struct stats *)s;
	(void)ch, (void)kc;

	switch (a) {
	case ACT_PERIOD:
		st->period = (st->period + 1) % NPERIODS;
		st->tv.top = 0;
		return 1;
	case ACT_CHART: {
		struct screen *c = chart_open(t, st->period);
		if (c) {
			tui_pop(t); /* the chart takes the stats' place */
			tui_push(t, c);
		}
		return 1;
	}
	case ACT_ADD:
		tui_push(t, form_new(t, NULL));
		return 1;
	default:
		return tv_key(&st->tv, a, t->body_h - 1);
	}
}

static void stats_destroy(struct screen *s)
{
	struct stats *st = (struct stats *)s;
	tv_free(&st->tv);
	free(st);
}

static const enum action stats_bar[] = {ACT_PERIOD, ACT_CHART, ACT_UP,
                                        ACT_DOWN,   ACT_BACK,  ACT_NONE};

static const struct screen_ops stats_ops = {
    .title = stats_title,
    .draw = stats_draw,
    .key = stats_key,
    .destroy = stats_destroy,
    .bar = stats_bar,
};

static struct screen *stats_open(struct tui *t, int period)
{
	struct stats *st;

	if (!tui_diary(t))
		return NULL;
	st = calloc(1, sizeof *st);
	if (!st)
		return NULL;
	st->s.ops = &stats_ops;
	st->period = period;
	tv_init(&st->tv);
	return &st->s;
}

struct screen *stats_new(struct tui *t)
{
	return stats_open(t, 0);
}
