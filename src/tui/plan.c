/* plan.c — the flare-up plan: read it (home menu → Flare-up plan), and
 * press e to write or change it. The editor keeps each part as lines:
 * Enter starts a new line, Backspace on an empty line removes it, ↑/↓
 * move between lines, Tab to the next part, Ctrl-S saves, Esc asks
 * before dropping changes. "What helped before" starts from the diary's
 * own "helped" counts, to accept or change. */
#include "tui.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "content.h"
#include "diary.h"
#include "plan.h"

#define PLAN_LINES                                                                                 \
	64 /* lines per part in the editor (a hand-written part with                               \
	      more keeps the rest on the last line) */

static struct screen *plan_editor_new(struct tui *t);

/* --- the flare-up plan card as the template ------------------------------
 * The card "flare-up-plan" (content/<lang>/cards/) has a section per part
 * of the plan: what-it-is, early signs, ease off and keep doing, what
 * helped, medicines, who to call, the checklist. When it is there, its
 * words are the hints under each heading and c opens it; when it is not
 * (or has another shape), the hints of plan.c (the model) are used. */
#define PLAN_CARD "flare-up-plan"

static const struct card *plan_card(struct tui *t)
{
	tui_content(t);
	const struct card *c = cards_find(&t->cards, PLAN_CARD);
	return c && c->nsections == 7 ? c : NULL;
}

/* The hint for part i into buf: the card's bullets (or its first
 * paragraph) joined, else the model's hint. */
static const char *part_hint(struct tui *t, int i, char *buf, size_t size)
{
	static const int section[PLAN_NPARTS] = {1, 2, 2, 3, 4, 5, 6};
	const struct card *c = plan_card(t);
	const struct card_section *sec = c ? &c->sections[section[i]] : NULL;
	int from = 0, to = sec ? sec->nbullets : 0;
	size_t len = 0;

	if (sec && section[i] == 2 && sec->nbullets >= 2) {
		/* one section for both: its first bullet eases off, the rest keep on */
		if (i == PLAN_EASE)
			to = 1;
		else
			from = 1;
	}
	buf[0] = '\0';
	for (int k = from; k < to; k++) {
		int w = snprintf(buf + len, size - len, "%s%s", len ? " · " : "", sec->bullets[k]);
		if (w < 0 || (size_t)w >= size - len) {
			tui_utf8_trim(buf);
			break;
		}
		len += (size_t)w;
	}
	if (!buf[0] && sec && sec->nparagraphs)
		snprintf(buf, size, "%s", sec->paragraphs[0]);
	if (!buf[0])
		snprintf(buf, size, "%s", _(plan_parts[i].hint));
	tui_utf8_trim(buf);
	return buf;
}

/* --- reading ---------------------------------------------------------------- */
struct planview {
	struct screen s;
	struct textview tv;
	int readonly;
	char why[512];
};

static const enum action view_bar[] = {ACT_EDIT, ACT_UP, ACT_DOWN, ACT_BACK, ACT_NONE};
static const enum action view_bar_card[] = {ACT_EDIT, ACT_PLAN_CARD, ACT_UP,
                                            ACT_DOWN, ACT_BACK,      ACT_NONE};

static const char *plan_title(struct tui *t, struct screen *s)
{
	(void)t, (void)s;
	return _("Flare-up plan");
}

static char *plan_file(struct tui *t)
{
	return plan_path(t->o->diary_path);
}

/* Loads the plan; problems become the view's first lines. */
static void view_build(struct tui *t, struct planview *v)
{
	struct plan p;
	struct diags dg = {0};
	char *path = plan_file(t);
	enum text_dir d = t->dir;

	tv_free(&v->tv);
	v->readonly = 0;
	if (path)
		plan_recover(path, t->o->diary_path, t->o->key, 0, &dg); /* C2, forward only */
	if (!path || plan_load_key(&p, path, t->o->key, &dg) < 0) {
		v->readonly = 1;
		snprintf(v->why, sizeof v->why, "%s",
		         dg.n ? dg.v[0].text : _("The plan could not be read."));
		tv_add(&v->tv, ROLE_ERROR, 0, 0, -1, d, v->why);
		tv_add(&v->tv, ROLE_NORMAL, 0, 0, -1, d,
		       t->diary_locked
		           ? _("The plan is encrypted with the diary, which stays locked: start "
		               "backcare again and type the passphrase.")
		           : _("The plan is shown read-only and will not be overwritten: fix the "
		               "file or "
		               "move it away."));
		diags_free(&dg);
		free(path);
		return;
	}
	diags_free(&dg);
	free(path);
	if (plan_empty(&p))
		tv_add(&v->tv, ROLE_TITLE, 0, 0, -1, d,
		       _("No plan yet. Write it while you feel calm, to read when a flare-up "
		         "comes: press e."));
	else
		tv_add(&v->tv, ROLE_DIM, 0, 0, -1, d,
		       _("Written while calm, for when a flare-up comes. Press e to change it."));
	const struct card *card = plan_card(t);
	if (card) {
		char buf[512];
		/* TRANSLATORS: %s is the card's title, "Your flare-up plan" */
		snprintf(buf, sizeof buf, _("It follows the card \"%s\": press c to read it."),
		         card->title);
		tui_utf8_trim(buf);
		tv_add(&v->tv, ROLE_DIM, 0, 0, -1, d, buf);
	}
	for (int i = 0; i < PLAN_NPARTS; i++) {
		tv_add(&v->tv, ROLE_NORMAL, 0, 0, -1, d, "");
		tv_add(&v->tv, ROLE_HEADING, 0, 0, -1, d, _(plan_parts[i].heading));
		if (!p.text[i]) {
			char buf[2048], hint[1536];
			/* TRANSLATORS: an empty part of the plan, then what to
			 * write there */
			snprintf(buf, sizeof buf, _("Not written yet. %s"),
			         part_hint(t, i, hint, sizeof hint));
			tui_utf8_trim(buf);
			tv_add(&v->tv, ROLE_DIM, 2, 2, -1, d, buf);
			continue;
		}
		char *s = strdup(p.text[i]);
		for (char *line = s, *nl; line; line = nl) {
			nl = strchr(line, '\n');
			if (nl)
				*nl++ = '\0';
			/* what the person typed: its own direction */
			tv_add(&v->tv, ROLE_NORMAL, 2, 2, -1, TEXT_AUTO, line);
		}
		free(s);
	}
	plan_free(&p);
}

static void view_draw(struct tui *t, struct screen *s)
{
	struct planview *v = (struct planview *)s;
	if (!v->tv.nb) {
		view_build(t, v);
		v->s.bar = plan_card(t) ? view_bar_card : NULL;
	}
	tv_draw(t, &v->tv, t->body_y, 1, t->body_h - 1, t->cols - 2);
}

static int view_key(struct tui *t, struct screen *s, enum action a, wint_t ch, int kc)
{
	struct planview *v = (struct planview *)s;

	if (a == ACT_CHART && !kc && ch == 'c') { /* c: the card (Chart elsewhere) */
		if (plan_card(t))
			tui_push(t, card_reader_new(t, PLAN_CARD));
		return 1;
	}
	if (a == ACT_EDIT || a == ACT_OPEN) {
		if (v->readonly) {
			tui_message(t, ROLE_ERROR, _("Read-only plan, nothing changed: %s"),
			            v->why);
			return 1;
		}
		tv_free(&v->tv); /* rebuilt after the editor */
		tv_init(&v->tv);
		struct screen *ed = plan_editor_new(t);
		if (ed)
			tui_push(t, ed);
		return 1;
	}
	return tv_key(&v->tv, a, t->body_h - 1);
}

static void view_destroy(struct screen *s)
{
	struct planview *v = (struct planview *)s;
	tv_free(&v->tv);
	free(v);
}

static const struct screen_ops view_ops = {
    .title = plan_title,
    .draw = view_draw,
    .key = view_key,
    .destroy = view_destroy,
    .bar = view_bar,
};

struct screen *plan_new(struct tui *t)
{
	struct planview *v = calloc(1, sizeof *v);
	(void)t;
	if (!v)
		return NULL;
	v->s.ops = &view_ops;
	tv_init(&v->tv);
	return &v->s;
}

/* --- editing ---------------------------------------------------------------- */
struct part {
	struct lineedit *line[PLAN_LINES];
	int n;
};

struct planed {
	struct screen s;
	struct part part[PLAN_NPARTS];
	char *orig[PLAN_NPARTS]; /* the text as opened: Esc asks only if changed */
	int fp, fl;              /* focused part and line */
	int top;                 /* first row shown */
	int asking;
	int cy, cx;
};

static const enum action edit_bar[] = {ACT_NEXT_FIELD, ACT_SAVE, ACT_BACK, ACT_NONE};

static const char *edit_title(struct tui *t, struct screen *s)
{
	(void)t, (void)s;
	return _("Edit the flare-up plan");
}

static int part_set(struct part *p, const char *text)
{
	const char *s = text ? text : "";
	p->n = 0;
	do {
		const char *nl = strchr(s, '\n');
		size_t len = nl ? (size_t)(nl - s) : strlen(s);
		struct lineedit *le = calloc(1, sizeof *le);
		if (!le)
			return -ENOMEM;
		if (p->n == PLAN_LINES - 1 && nl) /* the rest on the last line */
			len = strlen(s);
		char *c = strndup(s, len);
		if (!c) {
			free(le);
			return -ENOMEM;
		}
		/* a line break kept from a hand edit in the last line shows as a space */
		for (char *q = c; *q; q++)
			if (*q == '\n' || *q == '\r' || *q == '\t')
				*q = ' ';
		le_set(le, c);
		free(c);
		p->line[p->n++] = le;
		s = nl && len == (size_t)(nl - s) ? nl + 1 : NULL;
	} while (s && p->n < PLAN_LINES);
	return 0;
}

/* The part's lines joined with "\n"; malloc'd. */
static char *part_text(const struct part *p)
{
	size_t len = 1;
	for (int i = 0; i < p->n; i++)
		len += (size_t)p->line[i]->len + 1;
	char *s = malloc(len), *q = s;
	if (!s)
		return NULL;
	for (int i = 0; i < p->n; i++) {
		memcpy(q, p->line[i]->buf, (size_t)p->line[i]->len);
		q += p->line[i]->len;
		if (i < p->n - 1)
			*q++ = '\n';
	}
	*q = '\0';
	return s;
}

/* Rows of part i: heading, the hint when focused, its lines, a gap. */
static int part_rows(const struct planed *e, int i)
{
	return 1 + (i == e->fp) + e->part[i].n + 1;
}

static void edit_draw(struct tui *t, struct screen *s)
{
	struct planed *e = (struct planed *)s;
	int h = t->body_h - 1, w = t->cols - 4;
	int cur = 0, row = 0;

	/* the row of the cursor, to scroll it into view */
	for (int i = 0; i < e->fp; i++)
		cur += part_rows(e, i);
	cur += 2 + e->fl;
	if (cur < e->top + 1)
		e->top = cur - 2 - e->fl > 0 ? cur - 2 - e->fl : 0;
	if (cur >= e->top + h)
		e->top = cur - h + 1;
	e->cy = -1;
	for (int i = 0; i < PLAN_NPARTS; i++) {
		const struct part *p = &e->part[i];
		int y = t->body_y + row - e->top;
		if (y >= t->body_y && y < t->body_y + h)
			draw_text(y, tui_mx(t, 1, w + 2), w + 2, _(plan_parts[i].heading), t->dir,
			          tui_attr(ROLE_HEADING) | (i == e->fp ? A_BOLD : 0));
		row++;
		if (i == e->fp) {
			char hint[1536];
			y = t->body_y + row - e->top;
			if (y >= t->body_y && y < t->body_y + h)
				draw_text(y, tui_mx(t, 3, w), w, part_hint(t, i, hint, sizeof hint),
				          t->dir, tui_attr(ROLE_DIM));
			row++;
		}
		for (int l = 0; l < p->n; l++, row++) {
			y = t->body_y + row - e->top;
			if (y < t->body_y || y >= t->body_y + h)
				continue;
			int on = i == e->fp && l == e->fl;
			/* a mark per line, so an empty line can be seen and found */
			draw_text(y, tui_mx(t, 1, 1), 1, on ? ">" : "-", TEXT_LTR,
			          on ? A_BOLD : tui_attr(ROLE_DIM));
			int cx = le_draw(t, p->line[l], y, tui_mx(t, 3, w), w,
			                 on ? A_UNDERLINE : A_NORMAL, TEXT_AUTO);
			if (on) {
				e->cy = y;
				e->cx = cx;
			}
		}
		row++;
	}
}

static int edit_cursor(struct tui *t, struct screen *s, int *y, int *x)
{
	struct planed *e = (struct planed *)s;
	(void)t;
	if (e->cy < 0)
		return 0;
	*y = e->cy;
	*x = e->cx;
	return 1;
}

static int edit_changed(const struct planed *e)
{
	for (int i = 0; i < PLAN_NPARTS; i++) {
		char *s = part_text(&e->part[i]);
		int same = s && !strcmp(s, e->orig[i] ? e->orig[i] : "");
		free(s);
		if (!same)
			return 1;
	}
	return 0;
}

static void edit_save(struct tui *t, struct planed *e)
{
	struct plan p = {0};
	struct diags dg = {0};
	char *path = plan_file(t);
	int r = path ? 0 : -ENOMEM;

	for (int i = 0; i < PLAN_NPARTS && !r; i++) {
		char *s = part_text(&e->part[i]);
		r = s ? plan_set(&p, i, s) : -ENOMEM;
		if (r == -EINVAL) {
			e->fp = i;
			e->fl = 0;
			tui_message(t, ROLE_ERROR, _("Not saved: \"%s\" is longer than %d bytes."),
			            _(plan_parts[i].heading), PLAN_TEXT_MAX);
		}
		free(s);
	}
	/* An encrypted diary left locked: a plan saved now would be the one
	 * thing on disk in the clear. */
	if (!r && !t->o->key && diary_sealed_state(t->o->diary_path) == 1) {
		diags_add(&dg, DIAG_ERROR, path, 0, 0, "%s",
		          _("The diary is encrypted and locked, so the plan was not saved: "
		            "restart backcare and give the passphrase."));
		r = -EACCES;
	}
	if (!r)
		r = plan_save_key(&p, path, t->o->key, &dg);
	plan_free(&p);
	free(path);
	if (r == -EINVAL) {
		diags_free(&dg);
		return;
	}
	if (r) {
		tui_message(t, ROLE_ERROR, "%s",
		            dg.n ? dg.v[dg.n - 1].text : _("Could not save the plan."));
		diags_free(&dg);
		return;
	}
	tui_pop(t); /* frees e */
	if (dg.n) { /* B7: saved, and where the person's comments are kept
		     * (the copy's name ends the warning: its last part fits) */
		const char *side = strrchr(dg.v[0].text, '/');
		if (side)
			tui_message(t, ROLE_SOON, _("Plan saved; your comments are kept in %s"),
			            side + 1);
		else
			tui_message(t, ROLE_SOON, "%s", dg.v[0].text);
	} else
		tui_message(t, ROLE_OK, "%s", _("Flare-up plan saved."));
	diags_free(&dg);
}

static void focus_line(struct planed *e, int d)
{
	if (d > 0) {
		if (e->fl < e->part[e->fp].n - 1)
			e->fl++;
		else if (e->fp < PLAN_NPARTS - 1)
			e->fp++, e->fl = 0;
	} else {
		if (e->fl > 0)
			e->fl--;
		else if (e->fp > 0)
			e->fp--, e->fl = e->part[e->fp].n - 1;
	}
}

static int edit_key(struct tui *t, struct screen *s, enum action a, wint_t ch, int kc)
{
	struct planed *e = (struct planed *)s;
	struct part *p = &e->part[e->fp];
	struct lineedit *le = p->line[e->fl];

	if (e->asking) {
		e->asking = 0;
		if (!kc && (ch == 'y' || ch == 'Y')) {
			tui_pop(t);
			tui_message(t, ROLE_NORMAL, "%s", _("Changes to the plan discarded."));
		} else {
			tui_message(t, ROLE_NORMAL, "%s", _("Still editing: Ctrl-S saves."));
		}
		return 1;
	}
	if (a == ACT_SAVE || (!kc && ch == 19)) {
		edit_save(t, e);
		return 1;
	}
	if (!kc && ch == 27) {
		if (!edit_changed(e)) {
			tui_pop(t);
			return 1;
		}
		e->asking = 1;
		tui_message(t, ROLE_SOON, "%s", _("Discard the changes to the plan? (y/n)"));
		return 1;
	}
	if (a == ACT_NEXT_FIELD || a == ACT_PREV_FIELD) {
		int d = a == ACT_NEXT_FIELD ? 1 : PLAN_NPARTS - 1;
		e->fp = (e->fp + d) % PLAN_NPARTS;
		e->fl = 0;
		return 1;
	}
	if (kc && (ch == KEY_UP || ch == KEY_DOWN)) {
		focus_line(e, ch == KEY_DOWN ? 1 : -1);
		return 1;
	}
	if (a == ACT_OPEN) { /* a new line after this one, with the text after the cursor */
		if (p->n >= PLAN_LINES) {
			tui_message(t, ROLE_SOON, _("A part holds at most %d lines."), PLAN_LINES);
			return 1;
		}
		struct lineedit *nl = calloc(1, sizeof *nl);
		if (!nl)
			return 1;
		le_set(nl, le->buf + le->cur);
		le->buf[le->cur] = '\0';
		le->len = le->cur;
		memmove(&p->line[e->fl + 2], &p->line[e->fl + 1],
		        (size_t)(p->n - e->fl - 1) * sizeof *p->line);
		p->line[++e->fl] = nl;
		p->n++;
		nl->cur = 0;
		return 1;
	}
	int bs = (kc && ch == KEY_BACKSPACE) || (!kc && (ch == 127 || ch == 8));
	if (bs && le->cur == 0 && e->fl > 0) { /* join with the line above */
		struct lineedit *up = p->line[e->fl - 1];
		int at = up->len;
		if (up->len + le->len < (int)sizeof up->buf) {
			memcpy(up->buf + up->len, le->buf, (size_t)le->len + 1);
			up->len += le->len;
			up->cur = at;
			free(le);
			memmove(&p->line[e->fl], &p->line[e->fl + 1],
			        (size_t)(p->n - e->fl - 1) * sizeof *p->line);
			p->n--;
			e->fl--;
		}
		return 1;
	}
	return le_key(le, ch, kc);
}

static void edit_destroy(struct screen *s)
{
	struct planed *e = (struct planed *)s;
	for (int i = 0; i < PLAN_NPARTS; i++) {
		for (int l = 0; l < e->part[i].n; l++)
			free(e->part[i].line[l]);
		free(e->orig[i]);
	}
	free(e);
}

static const struct screen_ops edit_ops = {
    .title = edit_title,
    .draw = edit_draw,
    .key = edit_key,
    .destroy = edit_destroy,
    .bar = edit_bar,
    .cursor = edit_cursor,
};

static struct screen *plan_editor_new(struct tui *t)
{
	struct plan p;
	struct diags dg = {0};
	char *path = plan_file(t);
	struct planed *e;

	if (path)
		plan_recover(path, t->o->diary_path, t->o->key, 0, &dg); /* C2, forward only */
	if (!path || plan_load_key(&p, path, t->o->key, &dg) < 0) {
		tui_message(t, ROLE_ERROR, "%s",
		            dg.n ? dg.v[0].text : _("The plan could not be read."));
		diags_free(&dg);
		free(path);
		return NULL;
	}
	diags_free(&dg);
	free(path);
	e = calloc(1, sizeof *e);
	if (!e) {
		plan_free(&p);
		return NULL;
	}
	e->s.ops = &edit_ops;
	for (int i = 0; i < PLAN_NPARTS; i++) {
		e->orig[i] = p.text[i] ? strdup(p.text[i]) : NULL;
		part_set(&e->part[i], p.text[i]);
	}
	/* what helped before: from the diary, to accept or change */
	struct diary *d = p.text[PLAN_HELPED] ? NULL : tui_diary_sync(t);
	char sug[1024];
	if (d && plan_helped_suggestion(d, sug, sizeof sug) > 0) {
		char line[1200];
		/* TRANSLATORS: the start of "What helped before", filled in from
		 * the diary: "From my diary: Heat (12), Walking (8)" */
		snprintf(line, sizeof line, _("From my diary: %s"), sug);
		le_set(e->part[PLAN_HELPED].line[0], line);
		tui_message(t, ROLE_NORMAL, "%s",
		            _("\"What helped before\" is filled in from your diary: keep it or "
		              "change it."));
	}
	plan_free(&p);
	e->cy = -1;
	return &e->s;
}
