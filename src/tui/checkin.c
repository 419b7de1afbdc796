/* checkin.c — the weekly check-in form (`w` in the diary, or from the
 * home screen's "check-in due" line): three 0–10 answers about the past
 * week on the PEG model, their mean as the score, the last check-in for
 * comparison. A digit sets the answer (1 then 0 for 10), ←/→ move it, Tab
 * or ↓ goes to the next question, Ctrl-S saves, Esc asks before dropping. */
#include "tui.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checkin.h"
#include "diary.h"

/* The three questions in our own words (docs/CHECKINS.md: PEG's terms). */
static const char *const questions[3] = {
    N_("Your pain on average over the past week"),
    N_("How much pain got in the way of enjoying life"),
    N_("How much pain got in the way of your general activity"),
};
static const char *const anchors[3] = {
    N_("0 = no pain, 10 = as bad as you can imagine"),
    N_("0 = not at all, 10 = completely"),
    N_("0 = not at all, 10 = completely"),
};

struct ckform {
	struct screen s;
	int v[3], v0[3];
	int focus;
	int one_pending;
	long long one_at;
	int asking;
};

static const enum action ck_bar[] = {ACT_LEFT, ACT_RIGHT, ACT_NEXT_FIELD,
                                     ACT_SAVE, ACT_BACK,  ACT_NONE};

static const char *ck_title(struct tui *t, struct screen *s)
{
	(void)t, (void)s;
	return _("Weekly check-in");
}

static void draw_scale(struct tui *t, int y, int x0, int w, int val, int focus)
{
	char s[16];
	const int sw = 34; /* "0".."9" in 3 cells each, "10" in 4 */
	if (w < sw) {
		snprintf(s, sizeof s, val < 0 ? "[ ]" : "[%d]", val);
		draw_text(y, tui_mx(t, x0, 4), 4, s, TEXT_LTR, tui_attr(ROLE_SELECTED) | A_BOLD);
		return;
	}
	int ox = tui_mx(t, x0, sw);
	/* a number line: left to right in every language, like the entry form */
	for (int i = 0, x = 0; i <= 10; x += i == 10 ? 4 : 3, i++) {
		int cw = i == 10 ? 4 : 3;
		snprintf(s, sizeof s, i == val ? "[%d]" : " %d ", i);
		draw_text(y, ox + x, cw, s, TEXT_LTR,
		          i == val ? tui_attr(ROLE_SELECTED) | A_BOLD
		          : focus  ? A_NORMAL
		                   : tui_attr(ROLE_DIM));
	}
}

/* The latest check-in, for the line under the form. */
static const struct checkin *last_checkin(struct tui *t)
{
	struct diary *d = tui_diary_sync(t);
	return d && d->nck ? &d->ck[d->nck - 1] : NULL;
}

static void ck_draw(struct tui *t, struct screen *s)
{
	struct ckform *f = (struct ckform *)s;
	int w = t->cols - 4, y = t->body_y, end = t->body_y + t->body_h - 1;
	char buf[256];

	y += draw_par(y, tui_mx(t, 2, w), w, 2,
	              _("About the past week. Three answers from 0 to 10; a digit sets one."),
	              t->dir, tui_attr(ROLE_DIM));
	for (int q = 0; q < 3 && y < end; q++) {
		int on = q == f->focus;
		y++;
		snprintf(buf, sizeof buf, "%d. %s", q + 1, _(questions[q]));
		y += draw_par(y, tui_mx(t, 2, w), w, end - y, buf, t->dir,
		              on ? tui_attr(ROLE_HEADING) | A_BOLD : A_NORMAL);
		if (y >= end)
			break;
		draw_scale(t, y, 5, w - 3, f->v[q], on);
		if (on && t->cols >= 34 + 8 + 20)
			draw_text(y, tui_mx(t, 5 + 34 + 2, w - 36 - 3), w - 36 - 3, _(anchors[q]),
			          t->dir, tui_attr(ROLE_DIM));
		y++;
	}
	if (y + 1 < end) {
		y++;
		if (f->v[0] >= 0 && f->v[1] >= 0 && f->v[2] >= 0)
			snprintf(buf, sizeof buf, _("Score: %.1f of 10 (the mean of the three)"),
			         (f->v[0] + f->v[1] + f->v[2]) / 3.0);
		else
			snprintf(buf, sizeof buf, "%s", _("Score: answer all three questions"));
		draw_text(y++, tui_mx(t, 2, w), w, buf, t->dir, A_BOLD);
	}
	const struct checkin *c = last_checkin(t);
	if (c && y < end) {
		snprintf(buf, sizeof buf, _("Last check-in: %04d-%02d-%02d, score %.1f"), c->y,
		         c->m, c->d, checkin_score(c));
		draw_text(y++, tui_mx(t, 2, w), w, buf, t->dir, tui_attr(ROLE_DIM));
	}
}

static void ck_save(struct tui *t, struct ckform *f)
{
	struct diags dg = {0};
	struct diary_entry e;
	struct checkin c;
	struct diary *d;

	for (int q = 0; q < 3; q++)
		if (f->v[q] < 0) {
			f->focus = q;
			tui_message(t, ROLE_ERROR, "%s",
			            _("Answer all three questions first: a digit 0-9, or 1 then 0 "
			              "for 10."));
			return;
		}
	d = tui_diary_writable(t);
	if (!d)
		return;
	checkin_init(&c);
	diary_entry_init(&e);
	diary_entry_set_time(&e, (time_t)t->now);
	checkin_time_from(&c, &e);
	c.pain = (signed char)f->v[0];
	c.enjoyment = (signed char)f->v[1];
	c.activity = (signed char)f->v[2];
	const struct checkin *prev = d->nck ? &d->ck[d->nck - 1] : NULL;
	double before = prev ? checkin_score(prev) : -1;
	int r = diary_checkin_add(d, &c, &dg);
	if (r != 0) {
		tui_message(t, ROLE_ERROR, "%s",
		            dg.n ? dg.v[0].text : _("Could not save the check-in."));
		diags_free(&dg);
		return;
	}
	diags_free(&dg);
	double now = checkin_score(&c);
	tui_pop(t); /* frees f */
	if (before < 0)
		tui_message(t, ROLE_OK, _("Check-in saved: score %.1f. Next one in a week."), now);
	else if (!checkin_change_noticeable(before, now))
		tui_message(t, ROLE_OK,
		            _("Check-in saved: score %.1f (%+.1f since the last one: "
		              "less than a change people notice)."),
		            now, now - before);
	else
		tui_message(t, ROLE_OK,
		            _("Check-in saved: score %.1f (%+.1f since the last one: "
		              "a change people notice)."),
		            now, now - before);
}

static int ck_changed(const struct ckform *f)
{
	return memcmp(f->v, f->v0, sizeof f->v) != 0;
}

static int ck_key(struct tui *t, struct screen *s, enum action a, wint_t ch, int kc)
{
	struct ckform *f = (struct ckform *)s;
	int one = f->one_pending, *v = &f->v[f->focus];

	f->one_pending = 0;
	if (f->asking) {
		f->asking = 0;
		if (!kc && (ch == 'y' || ch == 'Y')) {
			tui_pop(t);
			tui_message(t, ROLE_NORMAL, "%s", _("Check-in discarded."));
		} else {
			tui_message(t, ROLE_NORMAL, "%s", _("Still editing: Ctrl-S saves."));
		}
		return 1;
	}
	if (!kc && ch == 19) { /* Ctrl-S, whatever the table says */
		ck_save(t, f);
		return 1;
	}
	if (!kc && ch >= '0' && ch <= '9') {
		int n = (int)(ch - '0');
		if (n == 0 && one && t->now - f->one_at <= 2) {
			*v = 10;
			return 1;
		}
		*v = n;
		f->one_pending = n == 1;
		f->one_at = t->now;
		/* a digit answers the question: on to the next, unless it
		 * may become 10 */
		if (n != 1 && f->focus < 2)
			f->focus++;
		return 1;
	}
	switch (a) {
	case ACT_SAVE:
		ck_save(t, f);
		return 1;
	case ACT_LEFT:
	case ACT_RIGHT: {
		/* the scale runs left to right in every language: → raises */
		int up = a == ACT_RIGHT ? 1 : -1;
		*v = *v < 0 ? (up > 0 ? 1 : 0) : *v + up < 0 ? 0 : *v + up > 10 ? 10 : *v + up;
		return 1;
	}
	case ACT_TOP:
		*v = 0;
		return 1;
	case ACT_BOTTOM:
		*v = 10;
		return 1;
	case ACT_DOWN:
	case ACT_NEXT_FIELD:
		f->focus = (f->focus + 1) % 3;
		return 1;
	case ACT_UP:
	case ACT_PREV_FIELD:
		f->focus = (f->focus + 2) % 3;
		return 1;
	case ACT_OPEN:
		if (f->focus < 2)
			f->focus++;
		else
			ck_save(t, f);
		return 1;
	case ACT_BACK:
	case ACT_QUIT:
		if (!ck_changed(f)) {
			tui_pop(t);
		} else {
			f->asking = 1;
			tui_message(t, ROLE_SOON, "%s", _("Discard this check-in? (y/n)"));
		}
		return 1;
	default:
		return 0;
	}
}

static void ck_destroy(struct screen *s)
{
	free(s);
}

static const struct screen_ops ck_ops = {
    .title = ck_title,
    .draw = ck_draw,
    .key = ck_key,
    .destroy = ck_destroy,
    .bar = ck_bar,
};

struct screen *checkin_new(struct tui *t)
{
	struct ckform *f;

	if (!tui_diary_writable(t)) /* refuses a read-only diary, with why */
		return NULL;
	f = calloc(1, sizeof *f);
	if (!f)
		return NULL;
	f->s.ops = &ck_ops;
	for (int q = 0; q < 3; q++)
		f->v[q] = f->v0[q] = -1;
	return &f->s;
}
